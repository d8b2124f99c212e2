/** Tables of the intake: mail that arrives without a person (migrations 0022 and 0023). */

export interface PositionIntakeTable {
  position_id: string;
  mode: 'now' | 'scheduled' | 'approval';
  /** HH:MM in Polish time. */
  send_time: string;
  updated_at: string;
}

export interface IntakesTable {
  /** The id its batch has (or will have). */
  id: string;
  position_id: string;
  document_type: string;
  period: string | null;
  mode: 'now' | 'scheduled' | 'approval';
  source: 'api' | 'drop';
  filename: string;
  status: 'accepted' | 'importing' | 'drafting' | 'queued' | 'scheduled' | 'awaiting_approval' | 'failed';
  import_id: string | null;
  documents: number | null;
  send_at: string | null;
  error: string | null;
  /** JSON: the rejected rows (line, key, path, message). */
  error_rows: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface DropFoldersTable {
  id: string;
  position_id: string;
  document_type: string;
  path: string;
  created_at: string;
}

export interface DropFilesTable {
  id: string;
  /** The folder as resolved (absolute). */
  folder: string;
  name: string;
  size: number;
  sha256: string;
  position_id: string;
  document_type: string;
  status: 'working' | 'processed' | 'rejected';
  intake_id: string | null;
  /** The Polish report written beside a rejected file. */
  report: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  attempts: number;
  moved_at: string | null;
  created_at: string;
  updated_at: string;
}
