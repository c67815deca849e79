import { css } from 'lit';
import { panelPartStyles } from './jour-chat-panel.styles.js';

/**
 * The panel's look (buttons, the question's box), for the join's part of the chat
 * screen: a slim block between the chat's bar and the conversation.
 */
export const joinStyles = [
  ...panelPartStyles,
  css`
    :host {
      display: grid;
      gap: 0.5em;
    }
    .ask {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5em;
      padding: 0.5em 0.75em;
      border-inline-start: 4px solid var(--jour-chat-accent, #1d4f91);
      background: #eef3fa;
    }
    .ask:focus {
      outline: 3px solid var(--jour-chat-focus, #ffbf47);
      outline-offset: 2px;
    }
    .ask p {
      flex-basis: 100%;
    }
    #join-question {
      font-weight: 600;
    }
    .members {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25em 0.75em;
      font-size: 0.875em;
      color: #4a4a4a;
    }
    .members ul {
      display: flex;
      flex-wrap: wrap;
      gap: 0 0.75em;
      margin: 0;
      padding: 0;
      list-style: none;
      color: #1a1a1a;
    }
    .members .link {
      min-height: 24px;
      padding: 0;
      font-size: 1em;
    }
  `,
];
