import { css } from 'lit';

export const queuePanelStyles = css`
  :host {
    display: block;
  }
  .switch {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-weight: 600;
  }
  .switch input {
    width: 2.75rem;
    height: 1.5rem;
    accent-color: #1a7f37;
  }
  ul.routes {
    list-style: none;
    padding: 0;
    margin: 1rem 0;
    display: grid;
    gap: 0.75rem;
  }
  ul.routes li {
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid #1d4f91;
    background: #f4f7fb;
  }
  .count {
    font-size: 1.5rem;
    font-weight: 700;
  }
  .urgent {
    color: #b00020;
    font-weight: 700;
  }
  .count.urgent {
    font-size: 1.125rem;
  }
  label.inline {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin-block-start: 0.5rem;
  }
  label.inline select,
  label.inline input {
    font: inherit;
    min-height: 32px;
  }
  ol.waiting {
    margin: 0.5rem 0 0;
    padding-inline-start: 1.25rem;
    font-size: 0.875rem;
  }
  ul.routes ol.waiting li {
    padding: 0;
    border: 0;
    background: none;
  }
  .on-break {
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid #9a6700;
    background: #fff8e5;
  }
`;
