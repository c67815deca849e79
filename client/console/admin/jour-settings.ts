import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ErrorCode } from '../../../shared/protocol/errors.js';
import { LANGUAGES, ROUTES } from '../../../shared/protocol/schemas.js';
import type { Helpline, Settings, Span } from '../../../shared/protocol/settings.js';
import { api } from '../api.js';
import { baseStyles } from '../console.styles.js';
import type { AdminMessages } from './admin-i18n.js';
import { adminStyles } from './admin.styles.js';

export function formatSpans(spans: readonly Span[]): string {
  return spans.map((span) => `${span.open}-${span.close}`).join(', ');
}

/** "08:00-12:00, 13:00-20:00" to spans; the server validates the times. */
export function parseSpans(text: string): Span[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [open = '', close = ''] = part.split('-').map((time) => time.trim());
      return { open, close };
    });
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

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** What a coordinator changes without a deploy: hours, numbers, texts, phrases, origins. */
export class JourSettings extends LitElement {
  static override styles = [baseStyles, adminStyles];
  @property({ attribute: false }) t!: AdminMessages;
  @state() private settings?: Settings;
  @state() private error?: ErrorCode;
  @state() private saved = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void api<Settings>('GET', '/settings').then((result) => {
      if (result.ok) this.settings = result.data;
      else this.error = result.error;
    });
  }

  override render() {
    const { t, settings } = this;
    return html`<section aria-labelledby="settings-heading">
      <h2 id="settings-heading">${t.settings}</h2>
      ${
        settings
          ? html`<form class="grid" @submit=${this.submit}>
              ${ROUTES.map(
                (route) =>
                  html`<fieldset>
                    <legend>${t.route(route)}</legend>
                    <div class="grid">
                      <label
                        >${t.phone}
                        <input
                          name=${`${route}-phone`}
                          .value=${settings.routes[route].phone}
                          required
                      /></label>
                      <p class="muted" id=${`${route}-hours-hint`}>${t.hours}: ${t.hoursHint}</p>
                      ${settings.routes[route].hours.map(
                        (spans, weekday) =>
                          html`<label
                            >${t.hours}, ${t.weekday(weekday)}
                            <input
                              name=${`${route}-hours-${weekday}`}
                              .value=${formatSpans(spans)}
                              aria-describedby=${`${route}-hours-hint`}
                          /></label>`,
                      )}
                      <label
                        >${t.helplines} <span class="muted">${t.helplinesHint}</span>
                        <textarea
                          name=${`${route}-helplines`}
                          rows="3"
                          .value=${formatHelplines(settings.helplines[route])}
                        ></textarea>
                      </label>
                    </div>
                  </fieldset>`,
              )}
              <label
                >${t.timeZone} <input name="timeZone" .value=${settings.timeZone} required
              /></label>
              <label
                >${t.exitUrl} <input name="exitUrl" type="url" .value=${settings.exitUrl} required
              /></label>
              <fieldset>
                <legend>${t.notice}</legend>
                <div class="grid">
                  ${LANGUAGES.map(
                    (lang) =>
                      html`<label
                        >${t.language(lang)}
                        <textarea name=${`notice-${lang}`} rows="2" maxlength="500" dir="auto">
${settings.notice[lang] ?? ''}</textarea>
                      </label>`,
                  )}
                </div>
              </fieldset>
              <label
                >${t.sharedPhrases} <span class="muted">${t.onePerLine}</span>
                <textarea name="phrases" rows="6">${settings.phrases.join('\n')}</textarea>
              </label>
              <label
                >${t.allowedOrigins} <span class="muted">${t.allowedOriginsHint}</span>
                <textarea name="allowedOrigins" rows="3">
${settings.allowedOrigins.join('\n')}</textarea>
              </label>
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
      helplines: {
        adult: parseHelplines(value('adult-helplines')),
        youth: parseHelplines(value('youth-helplines')),
      },
    };
    this.saved = false;
    const result = await api<Settings>('PUT', '/settings', next);
    if (result.ok) {
      this.settings = result.data;
      this.error = undefined;
      this.saved = true;
    } else {
      this.error = result.error;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-settings': JourSettings;
  }
}
if (!customElements.get('jour-settings')) customElements.define('jour-settings', JourSettings);
