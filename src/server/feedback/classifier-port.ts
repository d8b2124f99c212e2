import { type ClassifyOptions, classifyFeedback } from './classify.js';
import { defaultFolder, type FeedbackClassifier } from './ports.js';
import type { FeedbackReport } from './report.js';

/** The details a FeedbackDecision carries for the event sink: the report without its kind (D48). */
export type ReportDetails = Omit<FeedbackReport, 'kind'>;

/**
 * The reader's classifier port over the pure classifier (D44, D48): the kind, the folder it goes to by default, and
 * the report (reason, per-recipient facts, correlation hints, the reply's summary) as details for the sink.
 */
export function createReportClassifier(options: ClassifyOptions = {}): FeedbackClassifier {
  return {
    classify(raw) {
      const { kind, ...rest } = classifyFeedback(raw, options);
      const details: ReportDetails = rest;
      return { kind, folder: defaultFolder(kind), details: details as unknown as Record<string, unknown> };
    },
  };
}
