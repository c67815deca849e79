import { css } from 'lit';

/**
 * A support conversation between consoles: a panel set apart from the chat by its
 * colour and dashed border, so it is never taken for a conversation with the visitor.
 */
export const whisperStyles = css`
  :host {
    display: block;
  }
  section {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    padding: 0.75rem;
    border: 2px dashed #5a3d8a;
    border-radius: 10px;
    background: #f6f2fb;
  }
  section:focus-visible {
    outline: 3px solid #ffbf47;
    outline-offset: 2px;
  }
  h3 {
    margin: 0;
    font-size: 1rem;
  }
  p {
    margin: 0;
  }
  .notice {
    padding: 0.375rem 0.75rem;
    border-inline-start: 4px solid #5a3d8a;
    background: #ffffff;
  }
  .staff-only {
    font-weight: 600;
    color: #3f2a63;
  }
  .safety strong {
    letter-spacing: 0.02em;
  }
  .log {
    max-height: 10rem;
    min-height: 2.5rem;
    overflow-y: auto;
    padding: 0.5rem;
    background: #ffffff;
    border: 1px solid #b7a6d3;
    border-radius: 8px;
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
    gap: 0.375rem;
  }
  li {
    max-width: 85%;
    padding: 0.375rem 0.625rem;
    border-radius: 8px;
    overflow-wrap: anywhere;
    align-self: flex-start;
    background: #ece6f5;
  }
  .text {
    white-space: pre-wrap;
  }
  li.me {
    align-self: flex-end;
    background: #5a3d8a;
    color: #ffffff;
  }
  .state {
    display: block;
    font-size: 0.75rem;
  }
  form {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: flex-end;
  }
  label {
    display: flex;
    flex-direction: column;
    flex: 1 1 14rem;
    font-size: 0.875rem;
  }
  textarea {
    min-height: 2.75rem;
    resize: vertical;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: center;
    gap: 0.5rem;
  }
  button.accent {
    border-color: #5a3d8a;
    color: #5a3d8a;
  }
  button.accent-primary {
    border-color: #5a3d8a;
    background: #5a3d8a;
    color: #ffffff;
  }
  ul.requests {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  ul.requests li {
    max-width: none;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    white-space: normal;
    background: #ffffff;
  }
  .stack {
    margin: 1rem 1.5rem 0;
    display: flex;
    flex-direction: column;
    gap: 0.75rem;
  }
`;
