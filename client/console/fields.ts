import { html, nothing, type TemplateResult } from 'lit';
import { MIN_PASSWORD_LENGTH } from '../../shared/protocol/admin.js';

/*
 * The console's credential fields, one definition each, so that every form asks for
 * them the same way the server checks them and password managers fill them in.
 */

/** A labelled new-password field (`name="password"`), optionally described by a hint. */
export function newPasswordField(label: string, describedBy?: string): TemplateResult {
  return html`<label
    >${label}
    <input
      name="password"
      type="password"
      autocomplete="new-password"
      minlength=${MIN_PASSWORD_LENGTH}
      required
      aria-describedby=${describedBy ?? nothing}
  /></label>`;
}

/** A labelled six-digit authentication-code field (`name="code"`). */
export function authCodeField(label: string): TemplateResult {
  return html`<label
    >${label}
    <input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required
  /></label>`;
}
