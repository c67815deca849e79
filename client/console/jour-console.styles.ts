import { css } from 'lit';

/** The console's shell: the header, the chats screen's grid and its tabs. */
export const consoleStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    background: #f4f5f7;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 1rem;
    padding: 0.75rem 1.5rem;
    background: #1d4f91;
    color: #ffffff;
  }
  header h1 {
    margin: 0;
    flex: 1;
    font-size: 1.25rem;
  }
  header.bare {
    justify-content: flex-end;
    padding-block: 0.5rem;
  }
  /* The language menu: full-size text, the current language marked. */
  .languages ul {
    display: flex;
    gap: 0.25rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .languages a {
    display: inline-flex;
    align-items: center;
    min-height: 40px;
    padding: 0 0.625rem;
    border-radius: 6px;
    color: #ffffff;
    font-size: 1rem;
  }
  .languages a[aria-current='true'] {
    font-weight: 700;
    text-decoration: none;
    background: rgb(255 255 255 / 15%);
  }
  .languages a:focus-visible {
    outline: 3px solid #ffbf47;
    outline-offset: 2px;
  }
  header button {
    border-color: #ffffff;
    background: transparent;
    color: #ffffff;
  }
  main > .alert,
  main > .alerts {
    margin: 1rem 1.5rem 0;
  }
  /* A supervisor's alerts: each on its own line, the dismiss button beside the text. */
  .alerts {
    display: grid;
    gap: 0.5rem;
  }
  .alerts h2 {
    margin: 0;
  }
  .staff-alert {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
    margin: 0;
  }
  .page {
    padding: 1.5rem;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(16rem, 20rem) 1fr;
    gap: 1.5rem;
    padding: 1.5rem;
    align-items: start;
  }
  @media (max-width: 800px) {
    .layout {
      grid-template-columns: 1fr;
    }
  }
  .chats {
    display: flex;
    flex-direction: column;
    min-height: 32rem;
    height: calc(100vh - 9rem);
  }
  [role='tablist'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    border-block-end: 2px solid #d0d0d0;
    margin-block-end: 0.75rem;
  }
  [role='tab'] {
    border: 0;
    border-radius: 6px 6px 0 0;
    background: #e8ebf0;
    color: #1a1a1a;
  }
  [role='tab'][aria-selected='true'] {
    background: #1d4f91;
    color: #ffffff;
  }
  [role='tabpanel'] {
    flex: 1;
    min-height: 0;
    /* An ended chat's wrap-up can be taller than the panel. */
    overflow-y: auto;
  }
`;
