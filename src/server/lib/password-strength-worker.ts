/** Piscina worker: judges one password. The dictionaries are ranked once per thread, on its first task. */
import { judgePassword, type PasswordVerdict } from './password-strength.js';

export default function judge(task: { password: string; userInputs: string[] }): PasswordVerdict {
  return judgePassword(task.password, task.userInputs);
}
