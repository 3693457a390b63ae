// Sign in with an account of the admin service; the session comes back as an HttpOnly cookie.
import { h, show } from '../dom.js';
import { ApiError, post } from '../api.js';
import { t } from '../i18n.js';

export function renderLogin(el, signedIn, notice) {
  const message = h('p', { id: 'login-message', class: 'error', role: 'alert' }, notice || '');
  const user = h('input', { id: 'login-user', name: 'user', autocomplete: 'username', required: true });
  const password = h('input', {
    id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password',
    required: true,
  });
  const button = h('button', { type: 'submit', id: 'login-submit' }, t('login.submit'));
  const form = h('form', { class: 'card login', id: 'login', novalidate: true },
    h('h1', {}, t('login.title')),
    h('label', { for: 'login-user' }, t('login.user')), user,
    h('label', { for: 'login-password' }, t('login.password')), password,
    message, button);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    message.textContent = '';
    button.disabled = true;
    try {
      const session = await post('/session',
        { user: user.value.trim(), password: password.value, cookie: true });
      password.value = '';
      await signedIn(session);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        message.textContent = t('login.failed');
      } else if (err instanceof ApiError && err.status === 429) {
        message.textContent = t('login.locked', { s: err.retryAfter || 60 });
      } else {
        message.textContent = err.message;
      }
      password.focus();
    } finally {
      button.disabled = false;
    }
  });
  show(el, form);
  user.focus();
}
