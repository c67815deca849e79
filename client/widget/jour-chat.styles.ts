import { css } from 'lit';

export const launcherStyles = css`
  /* !important: the host page's own !important rules must not reach inside. */
  :host {
    all: initial !important;
    display: contents !important;
  }
  .launcher {
    position: fixed;
    inset-block-end: 1em;
    inset-inline-end: 1em;
    z-index: 2147483000;
    min-height: 48px;
    padding: 0.75em 1.25em;
    border: 2px solid #ffffff;
    border-radius: 999px;
    background: var(--jour-chat-accent, #1d4f91);
    color: #ffffff;
    font: 600 16px/1.2
      var(--jour-chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif);
    box-shadow: 0 4px 16px rgb(0 0 0 / 30%);
    cursor: pointer;
  }
  .launcher:focus-visible {
    outline: 3px solid var(--jour-chat-focus, #ffbf47);
    outline-offset: 2px;
  }
  .loading {
    position: fixed;
    inset-block-end: 1em;
    inset-inline-end: 1em;
    z-index: 2147483000;
    display: flex;
    gap: 0.75em;
    align-items: center;
    padding: 0.75em;
    background: #ffffff;
    color: #1a1a1a;
    border: 1px solid #8a8a8a;
    border-radius: 12px;
    font:
      16px/1.4 system-ui,
      sans-serif;
  }
  .exit {
    min-height: 44px;
    padding: 0.5em 0.875em;
    border: 2px solid #ffffff;
    border-radius: 6px;
    background: #b00020;
    color: #ffffff;
    font:
      700 16px/1.2 system-ui,
      sans-serif;
    cursor: pointer;
  }
  .badge {
    display: inline-block;
    min-width: 1.5em;
    margin-inline-start: 0.5em;
    padding: 0.125em 0.375em;
    border-radius: 999px;
    background: #ffffff;
    color: #1a1a1a;
    font-weight: 700;
    text-align: center;
  }
  iframe {
    position: fixed;
    inset-block-end: 1em;
    inset-inline-end: 1em;
    z-index: 2147483000;
    box-sizing: border-box;
    width: min(400px, calc(100vw - 2em));
    /* The visible height (less an on-screen keyboard) when the page has told it. */
    height: min(680px, calc(var(--jour-chat-vh, 100vh) - 2em));
    border: 1px solid #8a8a8a;
    border-radius: var(--jour-chat-frame-radius, 12px);
    background: #ffffff;
    box-shadow: 0 8px 32px rgb(0 0 0 / 25%);
    color-scheme: light;
  }
  iframe[hidden] {
    display: none;
  }
  /* A phone, upright or on its side: the chat takes the whole visible screen, above
     an open keyboard (which shrinks the visual viewport, not the layout's). */
  @media (max-width: 600px), (max-height: 500px) {
    iframe {
      inset: auto;
      top: var(--jour-chat-top, 0);
      left: 0;
      width: 100%;
      height: var(--jour-chat-vh, 100%);
      border: 0;
      border-radius: 0 !important;
    }
  }
  /* Quick exit covers the page the moment it is asked for, before the next page loads. */
  .cover {
    position: fixed;
    inset: 0;
    z-index: 2147483647;
    background: #ffffff;
  }
`;
