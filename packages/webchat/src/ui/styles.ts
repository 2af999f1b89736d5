/**
 * The widget's stylesheet. Every selector starts with `.sbwc-root` (nothing leaks into the
 * host page), the root resets what the page might cascade in (font, colour, box sizing), and
 * colours keep at least 4.5:1 contrast for text (axe's color-contrast rule).
 */
const CSS = `
.sbwc-root{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;text-align:left;letter-spacing:normal}
.sbwc-root *,.sbwc-root *::before,.sbwc-root *::after{box-sizing:border-box}
.sbwc-root [hidden]{display:none!important}
.sbwc-root :focus-visible{outline:3px solid #1e3a8a;outline-offset:2px}
.sbwc-root .sbwc-header :focus-visible{outline-color:#fff}
.sbwc-root .sbwc-vh{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.sbwc-root .sbwc-btn{font:inherit;font-weight:600;cursor:pointer;border-radius:8px;padding:8px 14px;border:1px solid #1d4ed8;background:#1d4ed8;color:#fff}
.sbwc-root .sbwc-btn:hover{background:#1e40af}
.sbwc-root .sbwc-btn[aria-disabled="true"]{cursor:progress}
.sbwc-root .sbwc-btn--ghost{background:transparent;border-color:#fff;color:#fff;padding:4px 10px;font-size:13px}
.sbwc-root .sbwc-btn--ghost:hover{background:#1e3a8a}
.sbwc-root .sbwc-launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;border-radius:999px;padding:12px 20px;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.sbwc-root .sbwc-window{display:flex;flex-direction:column;background:#fff;overflow:hidden;border:1px solid #d1d5db}
.sbwc-root--floating .sbwc-window{position:fixed;right:20px;bottom:84px;z-index:2147483000;width:min(370px,calc(100vw - 40px));height:min(560px,calc(100vh - 110px));border-radius:12px;box-shadow:0 10px 30px rgba(0,0,0,.25)}
.sbwc-root--inline .sbwc-window{width:100%;height:100%;min-height:420px;border-radius:8px}
.sbwc-root .sbwc-header{display:flex;align-items:center;gap:8px;padding:12px 14px;background:#1d4ed8;color:#fff}
.sbwc-root .sbwc-title{flex:1;margin:0;font-size:16px;font-weight:700;color:#fff}
.sbwc-root .sbwc-status{margin:0;padding:6px 14px;background:#fef3c7;color:#78350f;font-size:13px}
.sbwc-root .sbwc-error{margin:0;padding:6px 14px;background:#fef2f2;color:#991b1b;font-size:13px}
.sbwc-root .sbwc-status:empty,.sbwc-root .sbwc-error:empty{display:none}
.sbwc-root .sbwc-form{flex:1;overflow-y:auto;padding:16px;display:flex;flex-direction:column;gap:12px}
.sbwc-root .sbwc-form p{margin:0;color:#374151}
.sbwc-root .sbwc-field{display:flex;flex-direction:column;gap:4px}
.sbwc-root .sbwc-field label{font-weight:600}
.sbwc-root .sbwc-input{font:inherit;color:#111827;background:#fff;width:100%;padding:8px 10px;border:1px solid #6b7280;border-radius:6px}
.sbwc-root textarea.sbwc-input{resize:vertical;min-height:64px}
.sbwc-root .sbwc-log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px}
.sbwc-root .sbwc-msg{max-width:85%;padding:8px 12px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere}
.sbwc-root .sbwc-msg p{margin:0}
.sbwc-root .sbwc-msg--mine{align-self:flex-end;background:#1d4ed8;color:#fff;border-bottom-right-radius:4px}
.sbwc-root .sbwc-msg--sending{outline:2px dashed #1d4ed8;outline-offset:2px}
.sbwc-root .sbwc-sending{display:block;font-size:.75rem;margin-top:2px}
.sbwc-root .sbwc-msg--theirs{align-self:flex-start;background:#f3f4f6;color:#111827;border-bottom-left-radius:4px}
.sbwc-root .sbwc-author{display:block;font-size:12px;font-weight:700;color:#374151}
.sbwc-root .sbwc-typing{margin:0;padding:0 14px 6px;min-height:1.45em;font-style:italic;color:#4b5563;font-size:13px}
.sbwc-root .sbwc-composer{display:flex;gap:8px;align-items:flex-end;padding:10px;border-top:1px solid #e5e7eb}
.sbwc-root .sbwc-composer textarea{flex:1;resize:none;min-height:40px;max-height:120px}
.sbwc-root .sbwc-ended{display:flex;flex-direction:column;align-items:center;gap:8px;padding:12px;border-top:1px solid #e5e7eb}
.sbwc-root .sbwc-ended p{margin:0;font-weight:600}
.sbwc-root .sbwc-launchers{position:fixed;right:20px;bottom:20px;z-index:2147483000;display:flex;gap:8px}
.sbwc-root .sbwc-launchers .sbwc-launcher{position:static}
.sbwc-root .sbwc-call-launcher{border-radius:999px;padding:12px 20px;box-shadow:0 4px 14px rgba(0,0,0,.25);background:#fff;color:#1d4ed8}
.sbwc-root .sbwc-call-launcher:hover{background:#eff6ff}
.sbwc-root .sbwc-call-launcher--active{background:#166534;border-color:#166534;color:#fff}
.sbwc-root .sbwc-call-launcher--active:hover{background:#14532d}
.sbwc-root--floating .sbwc-call{height:auto;max-height:calc(100vh - 110px)}
.sbwc-root--inline .sbwc-call{height:auto;min-height:0;margin-top:8px}
.sbwc-root .sbwc-call-status{margin:0;padding:10px 14px;font-weight:600;color:#111827}
.sbwc-root .sbwc-call-status:empty{display:none}
.sbwc-root .sbwc-call-controls{display:flex;flex-direction:column;gap:12px;padding:0 16px 16px}
.sbwc-root .sbwc-call-row{display:flex;gap:8px}
.sbwc-root .sbwc-call-row .sbwc-btn{flex:1}
.sbwc-root .sbwc-btn--secondary{background:#fff;color:#1d4ed8}
.sbwc-root .sbwc-btn--secondary:hover{background:#eff6ff}
.sbwc-root .sbwc-btn--secondary[aria-pressed="true"]{background:#1e3a8a;color:#fff}
.sbwc-root .sbwc-btn--danger{background:#b91c1c;border-color:#b91c1c}
.sbwc-root .sbwc-btn--danger:hover{background:#991b1b}
.sbwc-root .sbwc-dialpad{display:grid;grid-template-columns:repeat(3,1fr);gap:6px}
.sbwc-root .sbwc-key{font-size:18px;padding:8px 0}
.sbwc-root .sbwc-key[aria-disabled="true"]{cursor:not-allowed;color:#4b5563;border-color:#6b7280}
.sbwc-root .sbwc-digits{margin:0;min-height:1.45em;color:#374151;font-variant-numeric:tabular-nums}
`;

const STYLE_ID = 'sbwc-style';
const users = new WeakMap<Document, number>();

/**
 * Adds the stylesheet to `doc` (once, however many widgets the page has) and returns what
 * removes it when the last widget goes. `nonce`: for a CSP without `'unsafe-inline'` styles.
 */
export function injectStyles(doc: Document, nonce: string | undefined): () => void {
  const count = users.get(doc) ?? 0;
  users.set(doc, count + 1);
  if (!doc.getElementById(STYLE_ID)) {
    const style = doc.createElement('style');
    style.id = STYLE_ID;
    if (nonce) style.nonce = nonce;
    style.textContent = CSS;
    doc.head.append(style);
  }
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    const left = (users.get(doc) ?? 1) - 1;
    users.set(doc, left);
    if (left === 0) doc.getElementById(STYLE_ID)?.remove();
  };
}
