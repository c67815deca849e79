import { css } from 'lit';

export const panelStyles = css`
  /* Sizes are in em of this 16px host, never rem: the host page's root font size
     (62.5% is common) must not shrink the widget. */
  /* The panel fills its frame; the frame's box, border and shadow belong to the
     launcher on the host page. */
  :host {
    display: flex;
    flex-direction: column;
    box-sizing: border-box;
    position: fixed;
    inset: 0;
    width: 100%;
    height: 100%;
    background: var(--jour-chat-surface, #ffffff);
    color: var(--jour-chat-text, #1a1a1a);
    font: 16px/1.5
      var(--jour-chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif);
    overflow: hidden;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  /* The header and the danger bar stay slim: the conversation needs the room. */
  header {
    display: flex;
    align-items: center;
    gap: 0.5em;
    padding: 0.25em 0.5em 0.25em 0.75em;
    background: var(--jour-chat-accent, #1d4f91);
    color: #ffffff;
  }
  h2 {
    flex: 1;
    min-width: 0;
    margin: 0;
    font-size: 1em;
    line-height: 1.25;
    /* Two lines at most; the full title stays its accessible name. */
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    line-clamp: 2;
    overflow: hidden;
    /* A name longer than the room breaks rather than being cut off mid-letter. */
    overflow-wrap: anywhere;
  }
  h2:focus,
  [data-focus]:focus {
    outline: none;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: 6px;
    padding: 0.5em 0.875em;
    min-height: 44px;
    border: 2px solid transparent;
  }
  button:focus-visible,
  textarea:focus-visible,
  .log:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--jour-chat-focus, #ffbf47);
    outline-offset: 2px;
  }
  .exit {
    background: #b00020;
    color: #ffffff;
    border-color: #ffffff;
    font-weight: 700;
  }
  .hide {
    background: transparent;
    color: #ffffff;
    border-color: rgb(255 255 255 / 60%);
    min-width: 44px;
    padding: 0.25em 0.5em;
  }
  .bar {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.75em;
    padding: 0.125em 0.75em;
    background: #fff4d6;
    border-block-end: 1px solid #e2c46b;
  }
  .danger {
    flex: 1 1 auto;
    min-width: 0;
    margin: 0;
    font-size: 0.9375em;
    font-weight: 600;
  }
  select {
    font: inherit;
    font-size: 0.875em;
    min-height: 32px;
    padding: 0.25em 0.5em;
    border: 1px solid #6b6b6b;
    border-radius: 6px;
    background: #ffffff;
    color: #1a1a1a;
  }
  select:focus-visible,
  input:focus-visible {
    outline: 3px solid var(--jour-chat-focus, #ffbf47);
    outline-offset: 2px;
  }
  .route {
    display: grid;
    gap: 0.25em;
  }
  .route.closed {
    padding: 0.5em 0.75em;
    border: 1px solid #c9c9c9;
    border-radius: 6px;
    background: #f6f6f6;
  }
  .route-name {
    font-weight: 700;
  }
  .position,
  .lead {
    display: block;
    font-size: 1.125em;
    font-weight: 700;
  }
  .unstaffed:not(:empty) {
    margin-block-start: 0.25em;
  }
  .helplines ul {
    list-style: none;
    margin: 0.25em 0 0;
    padding: 0;
  }
  .helplines li {
    padding-block: 0.125em;
  }
  .helplines > p,
  .helpline-name {
    font-weight: 600;
  }
  .notice {
    padding: 0.5em 0.75em;
    border-inline-start: 4px solid var(--jour-chat-accent, #1d4f91);
    background: #eef3fa;
  }
  .typing:empty {
    display: none;
  }
  .notices {
    display: grid;
    gap: 0.5em;
  }
  /* Empty, the live region stays (to be live when news comes) but takes no room. */
  .notices:not(:has(*)) {
    position: absolute;
  }
  .link {
    min-height: 36px;
    padding: 0.25em 0;
    background: none;
    border: 0;
    color: var(--jour-chat-accent, #1d4f91);
    text-decoration: underline;
  }
  form.details {
    display: grid;
    grid-template-columns: 1fr;
    gap: 0.5em;
    padding-block-start: 0.75em;
    border-block-start: 1px solid #dddddd;
  }
  fieldset {
    margin: 0;
    padding: 0.25em 0.5em 0.5em;
    border: 1px solid #c9c9c9;
    border-radius: 6px;
  }
  legend {
    font-size: 0.875em;
    font-weight: 600;
    padding: 0 0.25em;
  }
  label.radio {
    display: flex;
    align-items: center;
    gap: 0.5em;
    min-height: 36px;
    font-weight: 400;
    font-size: 1em;
  }
  input[type='radio'] {
    width: 1.25em;
    height: 1.25em;
    margin: 0;
    accent-color: var(--jour-chat-accent, #1d4f91);
  }
  .rating,
  .share {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  .rating p,
  .share p {
    flex-basis: 100%;
    font-weight: 600;
  }
  .danger a {
    color: #1a1a1a;
  }
  main {
    flex: 1;
    display: flex;
    flex-direction: column;
    min-height: 0;
    padding: 0.75em;
    gap: 0.75em;
    overflow-y: auto;
  }
  main.chat {
    padding-block: 0.5em;
    gap: 0.5em;
  }
  .chat-bar {
    display: flex;
    align-items: center;
    gap: 0.75em;
  }
  .with {
    flex: 1 1 auto;
    min-width: 0;
    font-size: 0.875em;
    color: #4a4a4a;
  }
  .with .link {
    display: inline-block;
    min-height: 24px;
    padding: 0;
    font-size: 1em;
  }
  .end {
    flex: none;
    min-height: 36px;
    padding: 0.25em 0.75em;
    font-size: 0.875em;
  }
  dialog.confirm {
    position: static;
    display: grid;
    gap: 0.5em;
    width: auto;
    max-width: none;
    margin: 0;
    padding: 0.75em;
    border: 2px solid #b00020;
    border-radius: 8px;
    background: #ffffff;
    color: inherit;
  }
  .confirm-title {
    font-weight: 700;
  }
  .confirm-actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.5em;
  }
  .stop {
    background: #b00020;
    color: #ffffff;
  }
  p {
    margin: 0;
  }
  .primary {
    background: var(--jour-chat-accent, #1d4f91);
    color: #ffffff;
    width: 100%;
    text-align: start;
  }
  .secondary {
    background: #ffffff;
    color: var(--jour-chat-accent, #1d4f91);
    border-color: currentColor;
  }
  .choices {
    display: grid;
    gap: 0.5em;
  }
  /* The question stays one short line of answers; its answer opens below it. */
  .danger-question .answers {
    display: flex;
    flex-wrap: wrap;
    column-gap: 1.5em;
  }
  .danger-answer {
    display: grid;
    gap: 0.25em;
  }
  /* Empty, the live region stays (to be live when the answer comes) but takes no room. */
  .danger-answer:not(:has(*)) {
    position: absolute;
  }
  /* Large and plain on every screen: a phone calls it, a computer shows the number. */
  a.call-112 {
    display: block;
    min-height: 48px;
    padding: 0.5em 0.75em;
    border-radius: 6px;
    background: #b00020;
    color: #fff;
    font-size: 1.5em;
    font-weight: 700;
    text-align: center;
    text-decoration: none;
  }
  a.call-112:focus-visible {
    outline: 3px solid #1a1a1a;
    outline-offset: 2px;
  }
  .mailbox-offer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 1em;
    padding-block-start: 0.75em;
    border-block-start: 1px solid #dddddd;
  }
  .mailbox-offer p {
    flex-basis: 100%;
  }
  .alert {
    padding: 0.5em 0.75em;
    border-inline-start: 4px solid #b00020;
    background: #fdecee;
  }
  .muted {
    color: #4a4a4a;
    font-size: 0.875em;
  }
  p.safety {
    font-size: 0.875em;
    padding: 0.25em 0.5em;
    background: #eef3fa;
    border-radius: 6px;
  }
  .safety strong {
    letter-spacing: 0.02em;
  }
  .log {
    flex: 1 1 0;
    min-height: 4em;
    overflow-y: auto;
  }
  main.ended .log {
    flex: 0 1 auto;
    min-height: 3em;
  }
  .typing {
    font-size: 0.8125em;
    color: #4a4a4a;
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.5em;
  }
  .log li {
    max-width: 85%;
    padding: 0.5em 0.75em;
    border-radius: 12px;
    overflow-wrap: anywhere;
  }
  .text {
    white-space: pre-wrap;
  }
  li.me {
    align-self: flex-end;
    background: var(--jour-chat-accent, #1d4f91);
    color: #ffffff;
    border-end-end-radius: 2px;
  }
  li.them {
    align-self: flex-start;
    background: #eeeeee;
    border-end-start-radius: 2px;
  }
  .by {
    display: block;
    font-size: 0.75em;
    font-weight: 700;
  }
  .log li.note {
    align-self: center;
    max-width: 100%;
    padding: 0.125em 0.5em;
    font-size: 0.8125em;
    color: #4a4a4a;
    text-align: center;
  }
  .state {
    display: block;
    font-size: 0.75em;
    opacity: 0.9;
  }
  .state button {
    min-height: 32px;
    padding: 0.125em 0.5em;
    margin-inline-start: 0.5em;
    background: #ffffff;
    color: #b00020;
  }
  form {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0.5em;
    align-items: end;
  }
  label {
    grid-column: 1 / -1;
    font-size: 0.875em;
    font-weight: 600;
  }
  textarea {
    font: inherit;
    resize: none;
    /* Grows with what is written, up to a few lines, then scrolls. */
    field-sizing: content;
    width: 100%;
    min-height: 44px;
    max-height: 7.5em;
    padding: 0.5em;
    border: 1px solid #6b6b6b;
    border-radius: 6px;
  }
  textarea::placeholder {
    color: #6b6b6b;
  }
  .actions {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 0.5em;
  }
  footer {
    padding: 0.25em 0.75em;
    border-block-start: 1px solid #dddddd;
  }
  /* The Escape hint only where there may be a keyboard: a touch screen (whose main
     pointer is a finger) has the button, and a short window needs the room. */
  @media (pointer: coarse), (max-height: 419px) {
    footer {
      display: none;
    }
  }
  footer .muted {
    font-size: 0.8125em;
  }
  /* A phone (the floating frame on a desktop is 398 px inside its border): room for
     the title beside the two buttons that must stay. */
  @media (max-width: 390px) {
    h2 {
      font-size: 0.9375em;
    }
  }
  @media (max-width: 360px) {
    header {
      gap: 0.375em;
      padding-inline: 0.5em 0.375em;
    }
    h2 {
      font-size: 0.8125em;
    }
    .exit {
      padding-inline: 0.5em;
      font-size: 0.875em;
    }
    .hide {
      min-width: 40px;
    }
  }
  @media (max-height: 500px) {
    main {
      padding-block: 0.375em;
      gap: 0.5em;
    }
    main.chat {
      padding-block: 0.25em;
      gap: 0.25em;
    }
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      scroll-behavior: auto !important;
      transition: none !important;
      animation: none !important;
    }
  }
  /* A phone number stays whole and left to right, and a thumb can reach it. */
  a.tel {
    white-space: nowrap;
    unicode-bidi: isolate;
    color: inherit;
    font-weight: 700;
    padding-block: 0.25em;
  }
`;

/**
 * The panel's look for a part of the chat screen rather than the whole frame (the
 * mailbox's screens, the join's block): the panel's own host rules undone. Each part
 * sets its own display.
 */
export const panelPartStyles = [
  panelStyles,
  css`
    :host {
      position: static;
      inset: auto;
      width: auto;
      height: auto;
      background: transparent;
      font: inherit;
      overflow: visible;
    }
  `,
];
