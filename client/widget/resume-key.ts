/**
 * The one sessionStorage key the widget uses: the resume token of a chat in
 * progress in this tab. Nothing else is ever stored on the visitor's device.
 */
export const RESUME_KEY = 'jour-chat:resume';

/** Whether this tab holds a chat to take back after a reload. */
export function hasChatToResume(): boolean {
  try {
    return sessionStorage.getItem(RESUME_KEY) !== null;
  } catch {
    return false;
  }
}
