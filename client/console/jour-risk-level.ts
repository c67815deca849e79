import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ErrorCode } from '../../shared/protocol/errors.js';
import { RISK_LEVELS, type RiskLevel } from '../../shared/protocol/schemas.js';
import { baseStyles } from './console.styles.js';
import type { CounsellorController } from './counsellor.controller.js';
import type { ConsoleMessages } from './i18n.js';

/**
 * The counsellor's risk level for one chat: none, concern or acute, as a radio group.
 * The server keeps it with the live chat only (never durable per chat) and alerts the
 * supervisors online when it first turns acute; a refusal puts the choice back.
 */
export class JourRiskLevel extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      fieldset {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.25rem 1rem;
        margin: 0;
        padding: 0.25rem 0.75rem 0.5rem;
        border: 1px solid #d0d0d0;
        border-radius: 8px;
        min-width: 0;
      }
      fieldset.acute {
        border: 2px solid #8c1d18;
        background: #fdecee;
      }
      legend {
        font-weight: 600;
      }
      label {
        display: inline-flex;
        gap: 0.375rem;
        align-items: center;
        min-height: 2rem;
      }
      p {
        margin: 0;
      }
    `,
  ];

  @property({ attribute: false }) t!: ConsoleMessages;
  @property({ attribute: false }) controller!: Pick<CounsellorController, 'setRisk'>;
  @property({ attribute: false }) chatId = '';
  @property({ attribute: false }) level: RiskLevel = 'none';

  @state() private error?: ErrorCode;

  override render() {
    const { t, level } = this;
    return html`<fieldset class=${level === 'acute' ? 'acute' : ''}>
      <legend>${t.riskLevel}</legend>
      ${RISK_LEVELS.map(
        (value) =>
          html`<label
            ><input
              type="radio"
              name="risk"
              value=${value}
              .checked=${value === level}
              @change=${() => void this.choose(value)}
            />
            ${t.riskName(value)}</label
          >`,
      )}
      ${level === 'acute' ? html`<p role="status">${t.riskAcuteNote}</p>` : nothing}
      ${this.error ? html`<p class="alert" role="alert">${t.error(this.error)}</p>` : nothing}
    </fieldset>`;
  }

  private async choose(level: RiskLevel): Promise<void> {
    this.error = await this.controller.setRisk(this.chatId, level);
    // Refused: the radios show the level the server holds again.
    if (this.error) this.requestUpdate();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jour-risk-level': JourRiskLevel;
  }
}

if (!customElements.get('jour-risk-level')) customElements.define('jour-risk-level', JourRiskLevel);
