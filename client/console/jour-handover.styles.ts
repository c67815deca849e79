import { css } from 'lit';

export const handoverStyles = css`
  :host {
    display: block;
  }
  form {
    display: grid;
    grid-template-columns: 1fr;
    gap: 0.375rem;
    align-items: end;
    padding: 0.75rem;
    border: 1px solid #cccccc;
    border-radius: 8px;
    background: #fafafa;
  }
  label {
    font-weight: 600;
  }
  p {
    margin: 0;
  }
  select {
    font: inherit;
    min-height: 36px;
  }
  textarea {
    box-sizing: border-box;
    width: 100%;
    resize: vertical;
    min-height: 3rem;
  }
  .row {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
`;
