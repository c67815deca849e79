import { css } from 'lit';

/**
 * The chat as a supervisor who joined it sees it, inside the whisper's panel: on
 * white with a solid border, apart from the dashed staff-only conversation around it,
 * since the visitor reads what is written here.
 */
export const whisperJoinStyles = css`
  div[data-testid='join'] {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  p[role='status']:empty {
    display: none;
  }
  h4 {
    margin: 0.25rem 0 0;
    font-size: 1rem;
  }
  ol.chat {
    max-height: 14rem;
    min-height: 2.5rem;
    overflow-y: auto;
    padding: 0.5rem;
    background: #ffffff;
    border: 2px solid #1d4f91;
    border-radius: 8px;
  }
  ol.chat:focus-visible {
    outline: 3px solid #ffbf47;
    outline-offset: 2px;
  }
  li.visitor {
    background: #eeeeee;
  }
  li.counsellor {
    align-self: flex-end;
    background: #e6ecf5;
    border: 1px dashed #1d4f91;
  }
  li.me {
    background: #1d4f91;
  }
  .author {
    display: block;
    font-size: 0.875rem;
    font-weight: 600;
  }
`;
