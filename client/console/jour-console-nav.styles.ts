import { css } from 'lit';

export const consoleNavStyles = css`
  :host {
    display: block;
  }
  nav {
    background: #163c6e;
    padding: 0 1.5rem;
  }
  nav ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    list-style: none;
    margin: 0;
    padding: 0.375rem 0;
  }
  nav button {
    border: 0;
    background: transparent;
    color: #ffffff;
  }
  nav button[aria-current='page'] {
    background: #ffffff;
    color: #163c6e;
  }
`;
