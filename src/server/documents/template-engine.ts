/**
 * The LiquidJS engines behind e-mail templates: Polish filters, no files, and limits on every render. A template
 * is written by staff but filled with imported data, and one render must never stall or kill the server: each
 * part (subject, HTML, text) of each message gets its own time and size budget, so a batch of 2 000 fee notices
 * is bounded per message, not as a whole.
 */
import {
  Context,
  type Emitter,
  Liquid,
  Tag,
  type TagToken,
  type Template,
  type TopLevelToken,
  TypeGuards,
  toValue,
  toValueSync,
} from 'liquidjs';
import {
  formatAccountNumber,
  formatDate,
  formatDateLong,
  formatMoney,
  formatPeriod,
  moneyInWords,
} from '../../shared/format.js';
import { TEMPLATE_SOURCE_MAX } from '../../shared/templates.js';

export const TEMPLATE_LIMITS = {
  /** Time spent rendering one part of one message; a fee notice takes well under 1 ms. */
  renderMs: 250,
  /** Wall time for one part, however little of it was spent working (the machine may be busy). */
  renderWallMs: 1000,
  /**
   * What one part of one message may make: characters written (output, captures) plus characters and list
   * elements made by filters and ranges, as LiquidJS counts them. A fee notice is about 5 000.
   */
  renderUnits: 1_000_000,
  /** Source of one part as typed (the API's cap on a template's HTML). */
  sourceChars: TEMPLATE_SOURCE_MAX,
  /** Source of one part as parsed: cleaning may lengthen HTML (`&` → `&amp;`); holds for stored templates too. */
  parseChars: 5 * TEMPLATE_SOURCE_MAX,
};

const formatted = (n: number) => n.toLocaleString('pl-PL');

/** A template that went over one of the limits; its message names the limit, in Polish. */
export class TemplateLimitError extends Error {
  /** The part of the message being rendered, when known. */
  part: 'subject' | 'html' | 'text' | null = null;
  constructor(readonly limit: 'time' | 'size' | 'source' | 'depth') {
    super(
      limit === 'time'
        ? `Szablon wypełnia się za długo: przekroczony limit ${TEMPLATE_LIMITS.renderMs} ms na jedną część ` +
            'wiadomości. Uprość pętle {% for %}, zwłaszcza zagnieżdżone albo po dużych zakresach (1..N).'
        : limit === 'size'
          ? `Szablon tworzy za dużo treści: przekroczony limit ${formatted(TEMPLATE_LIMITS.renderUnits)} znaków ` +
            'na jedną część wiadomości (liczą się też elementy zakresów i list). Sprawdź pętle {% for %}, ' +
            'zakresy (1..N), {% capture %} i filtry append, join.'
          : limit === 'source'
            ? `Szablon jest za długi: najwyżej ${formatted(TEMPLATE_LIMITS.parseChars)} znaków po oczyszczeniu HTML ` +
              `(wpisać można ${formatted(TEMPLATE_LIMITS.sourceChars)}).`
            : 'Szablon jest zbyt głęboko zagnieżdżony — zmniejsz liczbę bloków {% if %} i {% for %} ' +
              'umieszczonych jeden w drugim.',
    );
    this.name = 'TemplateLimitError';
  }
}

/** Whether a template problem is one of the limits (a preview then stops rather than render again). */
export function isLimitMessage(message: string): boolean {
  return (['time', 'size', 'source', 'depth'] as const).some((l) => new TemplateLimitError(l).message === message);
}

/** The limit an error from LiquidJS (or the stack) stands for, if any; LiquidJS wraps its limiter's messages. */
export function limitOf(e: unknown): TemplateLimitError | null {
  if (e instanceof TemplateLimitError) return e;
  const m = e instanceof Error ? e.message : '';
  if (m.startsWith('template render limit exceeded')) return new TemplateLimitError('time');
  if (m.startsWith('memory alloc limit exceeded')) return new TemplateLimitError('size');
  if (m.startsWith('parse length limit exceeded')) return new TemplateLimitError('source');
  if (m.startsWith('Maximum call stack size exceeded')) return new TemplateLimitError('depth');
  return null;
}

/** LiquidJS's own way of turning a value into output text. */
function asText(value: unknown): string {
  const v = toValue(value);
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(asText).join('');
  return String(v);
}

/** Output that charges every character written to the render's size budget (LiquidJS does not count output). */
class ChargedOutput implements Emitter {
  buffer = '';
  constructor(private readonly budget: Context['memoryLimit']) {}
  write(html: unknown) {
    const text = asText(html);
    this.budget.use(text.length);
    this.buffer += text;
  }
}

/**
 * Makes every render of this engine write through ChargedOutput: the message itself and every `{% capture %}`,
 * which renders into an output of its own. Blocks (`for`, `if`, `tablerow` …) write into their parent's output.
 */
function chargeOutput(engine: Liquid) {
  const renderer = engine.renderer;
  const unbounded = renderer.renderTemplates.bind(renderer);
  function* charged(templates: Template[], ctx: Context) {
    const output = new ChargedOutput(ctx.memoryLimit);
    yield unbounded(templates, ctx, output);
    return output.buffer;
  }
  // A block writing into its parent's output gets LiquidJS's own iterator: no extra generator per loop turn.
  renderer.renderTemplates = (templates: Template[], ctx: Context, emitter?: Emitter) =>
    emitter ? unbounded(templates, ctx, emitter) : charged(templates, ctx);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c] ?? c);

/**
 * `{% raw %}` for the HTML part prints what it holds as text. Its inside is Liquid markup the sanitiser never saw
 * (it was swapped out and put back), so printed as it stands `{% raw %}{{ '<script>' }}{% endraw %}` made a script.
 */
class EscapedRawTag extends Tag {
  private readonly text: string;
  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
    super(token, remain, liquid);
    const inside: string[] = [];
    for (let next = remain.shift(); next; next = remain.shift()) {
      if (TypeGuards.isTagToken(next) && next.name === 'endraw') {
        this.text = escapeHtml(inside.join(''));
        return;
      }
      inside.push(next.getText());
    }
    throw new Error(`tag ${token.getText()} not closed`);
  }
  render() {
    return this.text;
  }
}

const toGrosze = (v: unknown) => (typeof v === 'number' ? v : Number(v));

function createEngine(html: boolean): Liquid {
  const engine = new Liquid({
    strictVariables: true,
    strictFilters: true,
    lenientIf: true,
    ownPropertyOnly: true,
    // No files: without this, `{% include 'x' %}` / `{% render %}` would read files from the working directory.
    templates: {},
    memoryLimit: TEMPLATE_LIMITS.renderUnits,
    parseLimit: TEMPLATE_LIMITS.parseChars,
    ...(html ? { outputEscape: 'escape' as const } : {}),
  });
  chargeOutput(engine);
  if (html) engine.registerTag('raw', EscapedRawTag);
  engine.registerFilter('kwota', (v: unknown) => (v === null || v === undefined ? '' : formatMoney(toGrosze(v))));
  engine.registerFilter('slownie', (v: unknown) => (v === null || v === undefined ? '' : moneyInWords(toGrosze(v))));
  engine.registerFilter('data', (v: unknown, form?: string) =>
    typeof v === 'string' ? (form === 'długa' || form === 'dluga' ? formatDateLong(v) : formatDate(v)) : '',
  );
  engine.registerFilter('nrb', (v: unknown) => (typeof v === 'string' ? formatAccountNumber(v) : ''));
  engine.registerFilter('okres', (v: unknown) => (typeof v === 'string' ? formatPeriod(v) : ''));
  // Liquid's own `raw` would print data unescaped into the HTML part; here it is an ordinary (escaped) filter.
  engine.registerFilter('raw', (v: unknown) => v);
  return engine;
}

export const htmlEngine = createEngine(true);
export const textEngine = createEngine(false);

/** A gap between two of LiquidJS's deadline checks longer than this is a pause (another process ran, or GC). */
const PAUSE_MS = 10;

/**
 * LiquidJS's render deadline counted in time spent rendering: by the wall clock alone, ordinary 1 ms renders were
 * refused on a machine with a load of 15, waiting for a core. LiquidJS checks the deadline at every block and loop
 * turn (microseconds apart); gaps longer than PAUSE_MS are not counted. The wall clock still stops a render at
 * renderWallMs, whatever it was doing.
 */
export class RenderDeadline {
  private last: number;
  private working = 0;
  constructor(private readonly started = performance.now()) {
    this.last = started;
  }
  check(now: number) {
    const gap = now - this.last;
    this.last = now;
    if (gap < PAUSE_MS) this.working += gap;
    if (this.working > TEMPLATE_LIMITS.renderMs || now - this.started > TEMPLATE_LIMITS.renderWallMs) {
      throw new Error('template render limit exceeded');
    }
  }
  use() {}
}

/** Renders parsed templates within the limits; going over one throws TemplateLimitError. */
export function renderBounded(engine: Liquid, templates: Template[], context: object): string {
  const ctx = new Context(
    context,
    engine.options,
    { sync: true },
    {
      liquid: engine,
      renderLimit: new RenderDeadline() as unknown as Context['renderLimit'],
    },
  );
  try {
    return toValueSync(engine.renderer.renderTemplates(templates, ctx));
  } catch (e) {
    throw limitOf(e) ?? e;
  }
}

/** Parsed templates kept for reuse, bounded by the source they hold (a preview may send any text). */
const CACHE_CHARS = 2_000_000;
const parsed = new Map<string, Template[]>();
let cachedChars = 0;

export function parseTemplate(engine: Liquid, source: string): Template[] {
  const key = `${engine === htmlEngine ? 'h' : 't'}${source}`;
  let t = parsed.get(key);
  if (!t) {
    try {
      t = engine.parse(source);
    } catch (e) {
      throw limitOf(e) ?? e;
    }
    while (cachedChars + key.length > CACHE_CHARS && parsed.size > 0) {
      const oldest = parsed.keys().next().value as string;
      parsed.delete(oldest);
      cachedChars -= oldest.length;
    }
    if (key.length <= CACHE_CHARS) {
      parsed.set(key, t);
      cachedChars += key.length;
    }
  }
  return t;
}

/** The filters a template may use, for the editor's help panel. */
export const TEMPLATE_FILTERS = [
  { name: 'kwota', description: 'Kwota w złotych: 1 234,56 zł', example: '{{ document.total | kwota }}' },
  { name: 'slownie', description: 'Kwota słownie', example: '{{ document.total | slownie }}' },
  {
    name: 'data',
    description: 'Data: 05.01.2026 (z "długa": 5 stycznia 2026 r.)',
    example: '{{ document.issueDate | data }}',
  },
  { name: 'nrb', description: 'Numer rachunku w grupach po 4 cyfry', example: '{{ unit.nrb | nrb }}' },
  { name: 'okres', description: 'Miesiąc słownie: kwiecień 2026', example: '{{ document.period | okres }}' },
] as const;

/** A LiquidJS error in words for the person editing the template. */
export function liquidMessage(e: unknown): string {
  const limit = limitOf(e);
  if (limit) return limit.message;
  const m = e instanceof Error ? e.message : String(e);
  const undefinedVar = /undefined variable: ([\w.[\]"']+)/.exec(m);
  if (undefinedVar) return `Nieznana zmienna „${undefinedVar[1]}”.`;
  if (/Failed to lookup/.test(m))
    return 'Szablon nie może dołączać plików ({% include %}, {% render %}) — wpisz treść wprost.';
  const undefinedFilter = /undefined filter: (\w+)/.exec(m);
  if (undefinedFilter)
    return `Nieznany filtr „${undefinedFilter[1]}”. Dostępne: kwota, slownie, data, nrb, okres i filtry Liquid.`;
  const line = /line:(\d+)/.exec(m);
  return `Błąd składni szablonu${line ? ` w wierszu ${line[1]}` : ''}: ${m.split(', line:')[0]}. Sprawdź nawiasy {{ }} i {% %}.`;
}
