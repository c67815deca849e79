import { css } from 'lit';

/** The mailbox: a list of cards (no table, so a phone needs no sideways scroll), and one mailbox. */
export const mailboxStyles = css`
  :host {
    display: block;
    max-width: 48rem;
  }
  h2,
  h3 {
    margin: 0 0 0.5rem;
  }
  .boxes,
  .letters {
    display: grid;
    gap: 0.75rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .boxes > li,
  .letters > li {
    display: grid;
    gap: 0.25rem;
    padding: 0.75rem 1rem;
    border: 1px solid #cccccc;
    border-radius: 8px;
    background: #ffffff;
  }
  .boxes > li.new {
    border-inline-start: 6px solid #1d4f91;
  }
  .boxes button {
    justify-self: start;
    text-align: start;
    font-weight: 600;
  }
  .status-new {
    font-weight: 700;
  }
  .claim {
    color: #7a4a00;
  }
  .letters > li.counsellor {
    background: #eef3fa;
  }
  .letters .meta {
    font-size: 0.875rem;
    color: #4a4a4a;
  }
  .letters .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    margin-block: 0.75rem;
  }
  .notice {
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid #1d4f91;
    background: #e8eef7;
  }
  .ok {
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid #1e6b34;
    background: #e7f4ea;
  }
  form.unlock {
    display: grid;
    gap: 0.5rem;
    max-width: 22rem;
  }
  form.unlock label {
    display: grid;
    gap: 0.25rem;
    font-weight: 600;
  }
  form.answer {
    margin-block-start: 1rem;
  }
`;
