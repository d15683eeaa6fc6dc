// Modal dialogs (<dialog>): Escape closes them (the browser's cancel), focus goes back where it was.
import { replace } from './dom.js';

function byId(id) {
  return document.getElementById(id);
}

/**
 * Asks before something that destroys or replaces data. Resolves true if confirmed.
 * The safe choice (Cancel) has the focus first.
 */
export function confirmDialog({ title, message, confirmLabel = 'Confirm', danger = true }) {
  const dialog = byId('confirm-dialog');
  const ok = byId('confirm-ok');
  const cancel = byId('confirm-cancel');
  byId('confirm-title').textContent = title;
  const msg = byId('confirm-message');
  if (Array.isArray(message)) replace(msg, ...message);
  else msg.textContent = message;
  ok.textContent = confirmLabel;
  ok.classList.toggle('danger', danger);
  dialog.returnValue = '';
  return new Promise((resolve) => {
    const onOk = () => dialog.close('ok');
    const onCancel = () => dialog.close('cancel');
    const onClose = () => {
      ok.removeEventListener('click', onOk);
      cancel.removeEventListener('click', onCancel);
      dialog.removeEventListener('close', onClose);
      resolve(dialog.returnValue === 'ok');
    };
    ok.addEventListener('click', onOk);
    cancel.addEventListener('click', onCancel);
    dialog.addEventListener('close', onClose);
    dialog.showModal();
    cancel.focus();
  });
}

/** Shows a secret (an endpoint's signing secret, an API key) this once. Resolves when closed. */
export function secretDialog({ title, message, label, value }) {
  const dialog = byId('secret-dialog');
  const input = byId('secret-value');
  const copy = byId('secret-copy');
  const close = byId('secret-close');
  const copied = byId('secret-copied');
  byId('secret-title').textContent = title;
  byId('secret-message').textContent = message;
  byId('secret-label').textContent = label;
  input.value = value;
  copied.textContent = '';
  return new Promise((resolve) => {
    const onCopy = async () => {
      try {
        await navigator.clipboard.writeText(input.value);
        copied.textContent = 'Copied.';
      } catch {
        input.select();
        copied.textContent = 'Select the text and copy it (Ctrl+C).';
      }
    };
    const onCloseClick = () => dialog.close();
    const onClose = () => {
      copy.removeEventListener('click', onCopy);
      close.removeEventListener('click', onCloseClick);
      dialog.removeEventListener('close', onClose);
      input.value = ''; // shown once: not kept in the page
      copied.textContent = '';
      resolve();
    };
    copy.addEventListener('click', onCopy);
    close.addEventListener('click', onCloseClick);
    dialog.addEventListener('close', onClose);
    dialog.showModal();
    input.focus();
    input.select();
  });
}

/** Whether a modal dialog is open (polling leaves the page alone meanwhile). */
export function dialogOpen() {
  return !!document.querySelector('dialog[open]');
}
