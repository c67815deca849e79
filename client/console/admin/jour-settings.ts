import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ErrorCode } from '../../../shared/protocol/errors.js';
import { LANGUAGES, ROUTES, type Route } from '../../../shared/protocol/schemas.js';
import {
  MAX_DATE_EXCEPTIONS,
  type DateException,
  type Helpline,
  type Settings,
  type Span,
} from '../../../shared/protocol/settings.js';
import { api } from '../api.js';
import { baseStyles } from '../console.styles.js';
import { control, errorSummary, focusControl, type Problem } from '../fields.js';
import type { AdminMessages } from './admin-i18n.js';
import { adminStyles } from './admin.styles.js';
import { settingsStyles } from './jour-settings.styles.js';

export function formatSpans(spans: readonly Span[]): string {
  return spans.map((span) => `${span.open}-${span.close}`).join(', ');
}

/** "08:00-12:00, 13:00–20:00" (a hyphen or a dash) to spans; the server validates the times. */
export function parseSpans(text: string): Span[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [open = '', close = ''] = part.split(/[-–]/).map((time) => time.trim());
      return { open, close };
    });
}

/** A date exception as the form holds it while it is edited; `key` keeps its row's DOM. */
export interface ExceptionDraft {
  key: number;
  date: string;
  closed: boolean;
  spans: string;
}

let draftKeys = 0;

/** A route's saved exceptions as rows of the form, by date. */
export function exceptionDrafts(exceptions: readonly DateException[] = []): ExceptionDraft[] {
  return [...exceptions]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((exception) => ({
      key: draftKeys++,
      date: exception.date,
      closed: exception.spans.length === 0,
      spans: formatSpans(exception.spans),
    }));
}

/** A row back to an exception; open with no times written is closed, as on a weekday. */
export function exceptionOf(draft: ExceptionDraft): DateException {
  return { date: draft.date, spans: draft.closed ? [] : parseSpans(draft.spans) };
}

export function formatHelplines(helplines: readonly Helpline[]): string {
  return helplines.map((line) => `${line.name} ${line.phone}`).join('\n');
}

/**
 * "Kvinnofridslinjen 020-50 50 50", one a line, to lines: the number is what ends the
 * line. A line without one goes as it is, for the server to refuse with the others.
 */
export function parseHelplines(text: string): Helpline[] {
  return lines(text).map((line) => {
    const match = /^(.*?)[\s,:–-]+(\+?\d[\d\s-]*\d)$/.exec(line);
    return match ? { name: match[1]!.trim(), phone: match[2]! } : { name: line, phone: '' };
  });
}

/**
 * The form control a path of the server's answer is about: a control is named after
 * its path, dash-joined and without `routes` (`routes.adult.hours.0.0.open` is in
 * `adult-hours-0`); the longest such name the form has. A new field named that way
 * gets its errors shown with no more code.
 */
export function controlOf(path: string, has: (name: string) => boolean): string | undefined {
  const segments = path.split('.').filter(Boolean);
  if (segments[0] === 'routes') segments.shift();
  for (let length = segments.length; length > 0; length--) {
    const name = segments.slice(0, length).join('-');
    if (has(name)) return name;
  }
  return undefined;
}

/** What kind of value a control holds, for what to say when it is wrong. */
export function kindOf(name: string): string {
  if (/-hours-\d$/.test(name) || /-exceptions-\d+-spans$/.test(name)) return 'hours';
  if (/-exceptions-\d+-date$/.test(name)) return 'exceptionDate';
  if (name.endsWith('-phone')) return 'phone';
  if (name.endsWith('-helplines')) return 'helplines';
  if (name.startsWith('notice-')) return 'notice';
  return name;
}

const inputOf = (event: Event) => event.target as HTMLInputElement;

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * What a coordinator changes without a deploy: hours, numbers, texts, phrases, origins.
 *
 * @fires jour-phrases-changed - the settings were saved (the shared phrases with them)
 */
export class JourSettings extends LitElement {
  static override styles = [baseStyles, adminStyles, settingsStyles];
  @property({ attribute: false }) t!: AdminMessages;
  @state() private settings?: Settings;
  /** The date exceptions being edited, per route; saved with the rest of the form. */
  @state() private drafts: Record<Route, ExceptionDraft[]> = { adult: [], youth: [] };
  @state() private error?: ErrorCode;
  @state() private saved = false;
  /** The fields the server found wrong at the last save, for the summary and each field. */
  @state() private problems: Problem[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    void api<Settings>('GET', '/settings').then((result) => {
      if (result.ok) this.load(result.data);
      else this.error = result.error;
    });
  }

  override render() {
    const { t, settings } = this;
    return html`<section aria-labelledby="settings-heading">
      <h2 id="settings-heading">${t.settings}</h2>
      ${
        settings
          ? html`<form class="grid" novalidate @submit=${this.submit}>
              ${
                this.problems.length > 0
                  ? errorSummary(t.problem, this.problems, (id) =>
                      focusControl(this.renderRoot, id),
                    )
                  : ''
              }
              ${ROUTES.map(
                (route) =>
                  html`<fieldset>
                    <legend>${t.route(route)}</legend>
                    <div class="grid">
                      <label
                        >${t.phone} <span class="muted">${t.phoneHint}</span>
                        <input
                          ${this.control(`${route}-phone`, `${t.phone}, ${t.route(route)}`)}
                          .value=${settings.routes[route].phone}
                      /></label>
                      ${this.fieldError(`${route}-phone`)}
                      <p class="muted" id=${`${route}-hours-hint`}>${t.hours}: ${t.hoursHint}</p>
                      ${settings.routes[route].hours.map((spans, weekday) => {
                        const name = `${route}-hours-${weekday}`;
                        return html`<label
                            >${t.hours}, ${t.weekday(weekday)}
                            <input
                              ${this.control(
                                name,
                                `${t.hours}, ${t.weekday(weekday)}, ${t.route(route)}`,
                                `${route}-hours-hint`,
                              )}
                              .value=${formatSpans(spans)}
                          /></label>
                          ${this.fieldError(name)}`;
                      })}
                      ${this.renderExceptions(route)}
                      <label
                        >${t.helplines} <span class="muted">${t.helplinesHint}</span>
                        <textarea
                          ${this.control(`${route}-helplines`, `${t.helplines}, ${t.route(route)}`)}
                          rows="3"
                          .value=${formatHelplines(settings.helplines[route])}
                        ></textarea>
                      </label>
                      ${this.fieldError(`${route}-helplines`)}
                    </div>
                  </fieldset>`,
              )}
              <label
                >${t.timeZone} <span class="muted">${t.timeZoneHint}</span>
                <input ${this.control('timeZone', t.timeZone)} .value=${settings.timeZone}
              /></label>
              ${this.fieldError('timeZone')}
              <label
                >${t.exitUrl}
                <input ${this.control('exitUrl', t.exitUrl)} type="url" .value=${settings.exitUrl}
              /></label>
              ${this.fieldError('exitUrl')}
              <fieldset>
                <legend>${t.notice}</legend>
                <div class="grid">
                  ${LANGUAGES.map(
                    (lang) =>
                      html`<label
                          >${t.language(lang)}
                          <textarea
                            ${this.control(`notice-${lang}`, `${t.notice}, ${t.language(lang)}`)}
                            rows="2"
                            maxlength="500"
                            dir="auto"
                          >
${settings.notice[lang] ?? ''}</textarea>
                        </label>
                        ${this.fieldError(`notice-${lang}`)}`,
                  )}
                </div>
              </fieldset>
              <label
                >${t.sharedPhrases} <span class="muted">${t.onePerLine}</span>
                <textarea ${this.control('phrases', t.sharedPhrases)} rows="6">
${settings.phrases.join('\n')}</textarea>
              </label>
              ${this.fieldError('phrases')}
              <label
                >${t.allowedOrigins} <span class="muted">${t.allowedOriginsHint}</span>
                <textarea ${this.control('allowedOrigins', t.allowedOrigins)} rows="3">
${settings.allowedOrigins.join('\n')}</textarea>
              </label>
              ${this.fieldError('allowedOrigins')}
              <label
                >${t.blockHours} <span class="muted">${t.blockHoursHint}</span>
                <input
                  ${this.control('blockHours', t.blockHours)}
                  type="number"
                  min="1"
                  max="168"
                  step="1"
                  inputmode="numeric"
                  .value=${String(settings.blockHours)}
              /></label>
              ${this.fieldError('blockHours')}
              <label
                >${t.debriefAfterMinutes}
                <span class="muted">${t.debriefAfterMinutesHint}</span>
                <input
                  ${this.control('debriefAfterMinutes', t.debriefAfterMinutes)}
                  type="number"
                  inputmode="numeric"
                  min="5"
                  max="600"
                  .value=${String(settings.debriefAfterMinutes)}
              /></label>
              ${this.fieldError('debriefAfterMinutes')}
              ${this.error ? html`<p class="alert" role="alert">${t.error(this.error)}</p>` : ''}
              ${this.saved ? html`<p class="ok" role="status">${t.saved}</p>` : ''}
              <div class="row"><button class="primary" type="submit">${t.save}</button></div>
            </form>`
          : this.error
            ? html`<p class="alert" role="alert">${t.error(this.error)}</p>`
            : ''
      }
    </section>`;
  }

  /** Shows saved settings, the date exceptions as rows to edit. */
  private load(settings: Settings): void {
    this.settings = settings;
    this.drafts = {
      adult: exceptionDrafts(settings.routes.adult.exceptions),
      youth: exceptionDrafts(settings.routes.youth.exceptions),
    };
  }

  /**
   * A route's date exceptions: a row per date (the date, closed all day or its times, a
   * remove button) and a button adding one, up to the most the server keeps.
   */
  private renderExceptions(route: Route) {
    const t = this.t;
    const rows = this.drafts[route];
    const hint = `${route}-exceptions-hint`;
    return html`<fieldset class="exceptions">
      <legend>${t.exceptions}</legend>
      <p class="muted" id=${hint}>${t.exceptionsHint}</p>
      ${rows.length === 0 ? html`<p class="muted">${t.noExceptions}</p>` : nothing}
      ${repeat(
        rows,
        (row) => row.key,
        (row, index) => {
          const name = `${route}-exceptions-${index}`;
          const where = `${t.route(route)}, ${index + 1}`;
          return html`<div class="exception" data-testid="exception">
            <label
              >${t.exceptionDate}
              <input
                type="date"
                ${this.control(`${name}-date`, `${t.exceptions}, ${t.exceptionDate}, ${where}`)}
                .value=${row.date}
                @input=${(event: Event) =>
                  this.editDraft(route, row.key, { date: inputOf(event).value })}
            /></label>
            ${this.fieldError(`${name}-date`)}
            <label class="check"
              ><input
                type="checkbox"
                .checked=${row.closed}
                @change=${(event: Event) =>
                  this.editDraft(route, row.key, { closed: inputOf(event).checked })}
              />
              ${t.closedAllDay}</label
            >
            ${
              row.closed
                ? nothing
                : html`<label
                      >${t.hours}
                      <input
                        ${this.control(
                          `${name}-spans`,
                          `${t.exceptions}, ${t.hours}, ${where}`,
                          `${route}-hours-hint`,
                        )}
                        .value=${row.spans}
                        @input=${(event: Event) =>
                          this.editDraft(route, row.key, { spans: inputOf(event).value })}
                    /></label>
                    ${this.fieldError(`${name}-spans`)}`
            }
            <div class="row">
              <button
                type="button"
                class="danger"
                aria-label=${t.removeException(row.date)}
                @click=${() => this.removeDraft(route, row.key)}
              >
                ${t.remove}
              </button>
            </div>
          </div>`;
        },
      )}
      ${
        rows.length < MAX_DATE_EXCEPTIONS
          ? html`<div class="row">
              <button
                type="button"
                id=${`${route}-add-exception`}
                @click=${() => this.addDraft(route)}
              >
                ${t.addException}
              </button>
            </div>`
          : nothing
      }
    </fieldset>`;
  }

  private editDraft(route: Route, key: number, change: Partial<ExceptionDraft>): void {
    this.drafts = {
      ...this.drafts,
      [route]: this.drafts[route].map((row) => (row.key === key ? { ...row, ...change } : row)),
    };
  }

  /** A new row, closed all day (the usual exception), its date field focused. */
  private async addDraft(route: Route): Promise<void> {
    const row: ExceptionDraft = { key: draftKeys++, date: '', closed: true, spans: '' };
    this.drafts = { ...this.drafts, [route]: [...this.drafts[route], row] };
    await this.updateComplete;
    focusControl(this.renderRoot, `${route}-exceptions-${this.drafts[route].length - 1}-date`);
  }

  /** Removes a row (saved with the form) and leaves focus on the add button. */
  private async removeDraft(route: Route, key: number): Promise<void> {
    this.drafts = { ...this.drafts, [route]: this.drafts[route].filter((row) => row.key !== key) };
    // The rows' names follow their places, so old marks would point at other rows.
    this.problems = this.problems.filter(
      (problem) => !problem.field.startsWith(`${route}-exceptions-`),
    );
    await this.updateComplete;
    focusControl(this.renderRoot, `${route}-add-exception`);
  }

  /** A control's name, id, label and error marks (see `control`). */
  private control(name: string, label: string, hint?: string) {
    const invalid = this.problems.some((problem) => problem.field === name);
    return control({ name, label, ...(hint && { hint }), invalid });
  }

  /** The message beside a control the server found wrong, with the format it expects. */
  private fieldError(name: string) {
    return this.problems.some((problem) => problem.field === name)
      ? html`<p class="field-error" id=${`${name}-error`}>${this.t.fieldProblem(kindOf(name))}</p>`
      : nothing;
  }

  /** The server's places in error, as the form's controls, in the form's order. */
  private problemsOf(form: HTMLFormElement, paths: readonly string[]): Problem[] | undefined {
    const has = (name: string) => form.querySelector(`[name="${name}"]`) !== null;
    const names = new Set<string>();
    for (const path of paths) {
      const name = controlOf(path, has);
      // A place the form has no field for: only the general message can say it.
      if (!name) return undefined;
      names.add(name);
    }
    return [...form.querySelectorAll<HTMLElement>('[name]')]
      .filter((element) => names.has(element.getAttribute('name') ?? ''))
      .map((element) => {
        const name = element.getAttribute('name') ?? '';
        const label = element.dataset.label ?? name;
        return { field: name, text: `${label}: ${this.t.fieldProblem(kindOf(name))}` };
      });
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const current = this.settings;
    if (!current) return;
    const form = event.target as HTMLFormElement;
    const value = (name: string) =>
      form.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`)?.value ?? '';
    // Kept as they are: the phone line's hours are set with `npm run settings` for now.
    const route = (name: (typeof ROUTES)[number]) => ({
      ...current.routes[name],
      phone: value(`${name}-phone`).trim(),
      hours: current.routes[name].hours.map<Span[]>((_, weekday) =>
        parseSpans(value(`${name}-hours-${weekday}`)),
      ),
      exceptions: this.drafts[name].map(exceptionOf),
    });
    const next: Settings = {
      timeZone: value('timeZone').trim(),
      exitUrl: value('exitUrl').trim(),
      routes: { adult: route('adult'), youth: route('youth') },
      notice: Object.fromEntries(
        LANGUAGES.map((lang): [string, string] => [lang, value(`notice-${lang}`).trim()]).filter(
          ([, text]) => text,
        ),
      ),
      phrases: lines(value('phrases')),
      allowedOrigins: lines(value('allowedOrigins')),
      // Not on this page yet: kept as it is.
      mailbox: current.mailbox,
      // Anything but a whole number goes as it is, for the server to refuse.
      debriefAfterMinutes: Number(value('debriefAfterMinutes').trim() || NaN),
      helplines: {
        adult: parseHelplines(value('adult-helplines')),
        youth: parseHelplines(value('youth-helplines')),
      },
      // Not a number: the server refuses it by field (blockHours), as any other.
      blockHours: Number(value('blockHours').trim() || NaN),
    };
    this.saved = false;
    const result = await api<Settings>('PUT', '/settings', next);
    if (result.ok) {
      this.load(result.data);
      this.error = undefined;
      this.problems = [];
      this.saved = true;
      this.dispatchEvent(
        new CustomEvent('jour-phrases-changed', { bubbles: true, composed: true }),
      );
      return;
    }
    const problems = result.fields && this.problemsOf(form, result.fields);
    this.problems = problems ?? [];
    this.error = problems?.length ? undefined : result.error;
    await this.updateComplete;
    if (problems?.length) this.renderRoot.querySelector<HTMLElement>('.error-summary')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-settings': JourSettings;
  }
}
if (!customElements.get('jour-settings')) customElements.define('jour-settings', JourSettings);
