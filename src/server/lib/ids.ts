import { v7 as uuidv7 } from 'uuid';

/** New entity id: UUIDv7 as text, so ids sort by creation time on both databases. */
export function newId(): string {
  return uuidv7();
}
