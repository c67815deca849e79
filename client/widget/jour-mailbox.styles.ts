import { css } from 'lit';
import { panelPartStyles } from './jour-chat-panel.styles.js';

/**
 * The panel's look (buttons, forms, notices, the confirmation dialog), for the mailbox's
 * screens inside it; the host is a block in the panel's main area, not a whole frame.
 */
export const mailboxStyles = [
  ...panelPartStyles,
  css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 0.75em;
    }
    h3,
    h4 {
      margin: 0;
      font-size: 1.125em;
      line-height: 1.3;
    }
    h4 {
      font-size: 1em;
    }
    h3:focus {
      outline: none;
    }
    [hidden] {
      display: none !important;
    }
    form.letter,
    form.code-form {
      grid-template-columns: 1fr;
      align-items: stretch;
    }
    form.letter textarea {
      max-height: 14em;
    }
    .actions {
      flex-wrap: wrap;
    }
    .send,
    .done {
      background: var(--jour-chat-accent, #1d4f91);
      color: #ffffff;
    }
    .send[disabled] {
      opacity: 0.7;
      cursor: progress;
    }
    input[type='text'] {
      font: inherit;
      font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
      letter-spacing: 0.05em;
      width: 100%;
      min-height: 44px;
      padding: 0.5em;
      border: 1px solid #6b6b6b;
      border-radius: 6px;
      text-transform: uppercase;
    }
    input[aria-invalid='true'] {
      border: 2px solid #b00020;
    }
    /* The code, large and whole: read aloud group by group, written down, copied. */
    .code {
      font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
      font-size: 1.25em;
      font-weight: 700;
      letter-spacing: 0.06em;
      line-height: 1.6;
      padding: 0.5em 0.75em;
      border: 2px dashed var(--jour-chat-accent, #1d4f91);
      border-radius: 8px;
      background: #eef3fa;
      text-align: center;
      overflow-wrap: anywhere;
      user-select: all;
    }
    .group {
      white-space: nowrap;
    }
    .warning {
      font-weight: 600;
    }
    .letters li {
      display: grid;
      gap: 0.125em;
      max-width: 90%;
      padding: 0.5em 0.75em;
      border-radius: 12px;
      overflow-wrap: anywhere;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: 0 0.5em;
      font-size: 0.8125em;
      font-weight: 600;
    }
    li.me .meta {
      color: #ffffff;
    }
    li.them .meta {
      color: #3a3a3a;
    }
  `,
];
