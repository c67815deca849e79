import { html, nothing, type TemplateResult } from 'lit';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';
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

/** A field in error: the id of the control to focus, and what to do about it. */
export interface Problem {
  field: string;
  text: string;
}

/**
 * GOV.UK's error summary, for the top of a form after a failed submit: a heading and
 * a link to each field in error that focuses it. The form focuses the summary
 * (`.error-summary`, focusable by script only) so that it is read first.
 */
export function errorSummary(
  heading: string,
  problems: readonly Problem[],
  focusField: (id: string) => void,
  level = 3,
): TemplateResult {
  return html`<div class="error-summary" tabindex="-1" aria-labelledby="error-summary-heading">
    <div role="heading" aria-level=${level} id="error-summary-heading">${heading}</div>
    <ul>
      ${problems.map(
        (problem) =>
          html`<li>
            <a
              href=${`#${problem.field}`}
              @click=${(event: Event) => {
                // The field is in a shadow root, where the fragment cannot reach it.
                event.preventDefault();
                focusField(problem.field);
              }}
              >${problem.text}</a
            >
          </li>`,
      )}
    </ul>
  </div>`;
}

/** Focuses a control in `root` by id, scrolled to the middle of the screen with its label. */
export function focusControl(root: ParentNode, id: string): void {
  const control = root.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
  control?.scrollIntoView({ block: 'center' });
  control?.focus({ preventScroll: true });
}

/** A form control's name (also its id) and what says how it is and what is wrong with it. */
export interface ControlState {
  name: string;
  /** How the error summary names it. */
  label: string;
  /** The id of a hint that describes it. */
  hint?: string;
  /** Marked wrong: `aria-invalid`, and its message (id `NAME-error`) describes it. */
  invalid: boolean;
}

class ControlDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('control() belongs on an element');
  }

  override render(_state: ControlState) {
    return nothing;
  }

  override update(part: ElementPart, [state]: [ControlState]) {
    const element = part.element;
    element.setAttribute('name', state.name);
    element.id = state.name;
    element.setAttribute('data-label', state.label);
    const describedBy = [state.hint, state.invalid ? `${state.name}-error` : undefined]
      .filter(Boolean)
      .join(' ');
    if (describedBy) element.setAttribute('aria-describedby', describedBy);
    else element.removeAttribute('aria-describedby');
    if (state.invalid) element.setAttribute('aria-invalid', 'true');
    else element.removeAttribute('aria-invalid');
    return nothing;
  }
}

/**
 * On a form control: its name and id, its label for an error summary, and the
 * attributes that mark it wrong, in one place for every field of a form.
 */
export const control = directive(ControlDirective);
