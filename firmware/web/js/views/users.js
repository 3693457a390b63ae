// Users (administrators only): the accounts, their roles and locks; add one, change a role or
// password, deactivate.
import { h, show } from '../dom.js';
import { ApiError, del, get, post, put } from '../api.js';
import { t } from '../i18n.js';

const ROLES = ['viewer', 'scheduler', 'administrator'];

export async function renderUsers(ctx, el) {
  const { users } = await get('/users');
  const message = h('p', { id: 'users-message', role: 'status' });
  const act = async (fn) => {
    message.textContent = '';
    try {
      await fn();
    } catch (e) {
      if (!(e instanceof ApiError) || e.status === 401) throw e;
      message.textContent = e.message;
    }
  };
  const rows = users.map((u) => {
    const role = h('select', { id: `role-${u.name}`, 'aria-label': `${t('users.role')}: ${u.name}` },
      ROLES.map((r) => h('option', { value: r, selected: r === u.role }, t(`role.${r}`))));
    role.addEventListener('change', () => act(async () => {
      await put(`/users/${encodeURIComponent(u.name)}`, { role: role.value });
      ctx.rerender();
    }));
    return h('tr', {}, h('td', {}, u.name), h('td', {}, role),
      h('td', {}, u.active ? t('users.yes') : t('users.no')),
      h('td', {}, u.locked_until || ''),
      h('td', {}, u.active ? h('button', {
        type: 'button', id: `deactivate-${u.name}`,
        onclick: () => act(async () => {
          if (!window.confirm(t('users.deactivate_confirm', { name: u.name }))) return;
          await del(`/users/${encodeURIComponent(u.name)}`);
          ctx.rerender();
        }),
      }, t('users.deactivate')) : null));
  });
  const name = h('input', { id: 'user-name', required: true, autocomplete: 'off' });
  const password = h('input', {
    id: 'user-password', type: 'password', required: true, minlength: 12, autocomplete: 'new-password',
  });
  const role = h('select', { id: 'user-role' },
    ROLES.map((r) => h('option', { value: r }, t(`role.${r}`))));
  const form = h('form', { class: 'card', id: 'user-add', novalidate: true },
    h('h2', {}, t('users.add')),
    h('div', { class: 'field' }, h('label', { for: 'user-name' }, t('users.name')), name),
    h('div', { class: 'field' }, h('label', { for: 'user-role' }, t('users.role')), role),
    h('div', { class: 'field' }, h('label', { for: 'user-password' }, t('users.password')), password),
    h('button', { type: 'submit' }, t('users.save')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    act(async () => {
      await post('/users', { name: name.value.trim(), role: role.value, password: password.value });
      password.value = '';
      const added = t('users.added', { name: name.value.trim() });
      await renderUsers(ctx, el);
      el.querySelector('#users-message').textContent = added;
    });
  });
  show(el, h('h1', {}, t('users.title')), message,
    h('div', { class: 'scroll' }, h('table', { class: 'grid', id: 'users' },
      h('thead', {}, h('tr', {}, ['users.name', 'users.role', 'users.active', 'users.locked']
        .map((k) => h('th', { scope: 'col' }, t(k))), h('th', {}))),
      h('tbody', {}, rows))),
    form);
}
