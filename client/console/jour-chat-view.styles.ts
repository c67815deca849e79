import { css } from 'lit';

/** One chat: the facts, the safety words, the conversation and the actions below. */
export const chatViewStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    gap: 0.75rem;
    min-height: 0;
    height: 100%;
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    margin: 0;
  }
  .safety {
    margin: 0;
    padding: 0.375rem 0.75rem;
    background: #eef3fa;
    border-radius: 6px;
  }
  /* The twins start a line of their own when they do not fit beside the words, and
     wrap between words on a phone: any four can be drawn, the longest too. */
  .safety .twins {
    color: #4a4a4a;
    display: inline-block;
  }
  .log {
    flex: 1;
    min-height: 12rem;
    overflow-y: auto;
    padding: 0.75rem;
    background: #ffffff;
    border: 1px solid #cccccc;
    border-radius: 8px;
  }
  .log.short {
    flex: none;
    height: 8rem;
    min-height: 0;
  }
  .log:focus-visible {
    outline: 3px solid #ffbf47;
    outline-offset: 2px;
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  .notice {
    margin: 0;
    padding: 0.375rem 0.75rem;
    border-inline-start: 4px solid #1d4f91;
    background: #eef3fa;
  }
  li {
    max-width: 75%;
    padding: 0.5rem 0.75rem;
    border-radius: 10px;
    overflow-wrap: anywhere;
  }
  .text {
    white-space: pre-wrap;
  }
  li.visitor {
    align-self: flex-start;
    background: #eeeeee;
  }
  li.me {
    align-self: flex-end;
    background: #1d4f91;
    color: #ffffff;
  }
  /*
   * A colleague's line from before a hand-over, or a supervisor's who joined: this
   * side, but not this counsellor's.
   */
  li.colleague,
  li.member {
    align-self: flex-end;
    background: #e6ecf5;
    border: 1px dashed #1d4f91;
  }
  .author {
    display: block;
    font-size: 0.875rem;
    font-weight: 600;
  }
  .state {
    display: block;
    font-size: 0.75rem;
  }
  .state button {
    min-height: 28px;
    padding: 0 0.5rem;
    margin-inline-start: 0.5rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: center;
    gap: 0.5rem;
  }
  .ends {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-inline-start: auto;
  }
  /* The question before "End and block". */
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid #b42318;
    background: #fdf0ef;
  }
  p {
    margin: 0;
  }
`;
