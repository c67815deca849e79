import { css } from 'lit';

/** Tables, forms and panels of the supervisor and admin screens. */
export const adminStyles = css`
  :host {
    display: block;
  }
  section {
    background: #ffffff;
    border: 1px solid #d0d0d0;
    border-radius: 10px;
    padding: 1rem 1.25rem;
    margin-block-end: 1.25rem;
  }
  h2 {
    margin: 0 0 0.75rem;
    font-size: 1.25rem;
  }
  h3 {
    margin: 1rem 0 0.5rem;
    font-size: 1.0625rem;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.9375rem;
  }
  th,
  td {
    text-align: start;
    padding: 0.375rem 0.5rem;
    border-block-end: 1px solid #e0e0e0;
    vertical-align: top;
  }
  th {
    background: #f4f5f7;
  }
  td.number,
  th.number {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  /* A table wider than a phone scrolls sideways in its own region, not the page. */
  .table-wrap {
    position: relative;
    overflow-x: auto;
    max-width: 100%;
  }
  /*
   * On a phone a table of many columns becomes a list: one card per row, each value
   * after its column's name (data-label).
   */
  @media (max-width: 40rem) {
    table.stack thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
    table.stack,
    table.stack tbody,
    table.stack tr {
      display: block;
    }
    table.stack tr {
      padding: 0.5rem 0.75rem;
      margin-block-end: 0.75rem;
      border: 1px solid #d0d0d0;
      border-radius: 8px;
    }
    table.stack td {
      display: grid;
      grid-template-columns: minmax(0, 10.5rem) minmax(0, 1fr);
      gap: 0.5rem;
      align-items: center;
      border: 0;
      padding-inline: 0;
    }
    table.stack td::before {
      content: attr(data-label);
      font-weight: 600;
      overflow-wrap: anywhere;
      hyphens: auto;
    }
  }
  .table-wrap:focus-visible {
    outline: 3px solid #ffbf47;
    outline-offset: 2px;
  }
  form.grid,
  .grid {
    display: grid;
    gap: 0.75rem;
    max-width: 44rem;
  }
  label {
    display: grid;
    gap: 0.25rem;
    font-weight: 600;
  }
  label input,
  label textarea,
  label select,
  label .muted {
    font-weight: normal;
  }
  label.check {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-weight: normal;
  }
  fieldset {
    border: 1px solid #d0d0d0;
    border-radius: 8px;
    padding: 0.5rem 0.75rem 0.75rem;
  }
  legend {
    font-weight: 600;
  }
  select {
    font: inherit;
    min-height: 36px;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .ok {
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid #1a7f37;
    background: #eaf6ec;
  }
  .link {
    font-family: ui-monospace, monospace;
    overflow-wrap: anywhere;
    padding: 0.5rem;
    background: #f4f5f7;
    border-radius: 6px;
  }
  .figures {
    margin-block: 1rem;
    display: flex;
    flex-wrap: wrap;
    gap: 1rem;
  }
  .figure {
    min-width: 9rem;
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid #1d4f91;
    background: #f4f7fb;
  }
  .figure strong {
    display: block;
    font-size: 1.5rem;
  }
  /* Someone in danger: said in words; the colour only adds to them. */
  .urgent {
    color: #b00020;
  }
  a.button {
    display: inline-flex;
    align-items: center;
    min-height: 40px;
    padding: 0.375rem 0.875rem;
    border: 2px solid #1d4f91;
    border-radius: 6px;
    color: #1d4f91;
    text-decoration: none;
  }
  a.button:focus-visible,
  select:focus-visible {
    outline: 3px solid #ffbf47;
    outline-offset: 2px;
  }
`;
