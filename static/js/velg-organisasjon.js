// «Velg organisasjon»: suggestions as you type, on top of the plain search form.
// The input becomes an ARIA 1.2 combobox with a listbox popup: arrow keys move through the
// suggestions (aria-activedescendant), Enter picks one, Escape closes the list. Picking a
// suggestion searches for its organisation number, so the page shows exactly that unit.
(function () {
  'use strict';
  var field = document.querySelector('[data-org-search]');
  if (!field || !window.fetch) return;
  var input = field.querySelector('input');
  var form = input.form;
  var list = document.createElement('ul');
  var status = document.createElement('p');
  var active = -1;
  var items = [];
  var timer = null;
  var pending = null;

  list.id = 'org-forslag';
  list.className = 'ms-org-suggestions';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'Forslag');
  list.hidden = true;
  status.className = 'ms-visually-hidden';
  status.setAttribute('role', 'status');
  field.appendChild(list);
  field.appendChild(status);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('aria-expanded', 'false');

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function highlight(index) {
    items.forEach(function (li, i) { li.setAttribute('aria-selected', i === index ? 'true' : 'false'); });
    active = index;
    if (index >= 0) {
      input.setAttribute('aria-activedescendant', items[index].id);
      items[index].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function choose(li) {
    input.value = li.getAttribute('data-orgnr');
    close();
    form.submit();
  }

  function show(suggestions) {
    list.textContent = '';
    items = suggestions.map(function (s, i) {
      var li = document.createElement('li');
      li.id = 'org-forslag-' + i;
      li.className = 'ms-org-suggestion';
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.setAttribute('data-orgnr', s.orgnr);
      var name = document.createElement('span');
      name.className = 'ms-org-suggestion__name';
      name.textContent = s.navn;
      var facts = document.createElement('span');
      facts.className = 'ms-org-suggestion__facts';
      facts.textContent = [s.orgnr_visning, s.organisasjonsform, s.poststed].filter(Boolean).join(' · ') +
        (s.status ? ' · ' + s.status : '');
      li.appendChild(name);
      li.appendChild(facts);
      li.addEventListener('mousedown', function (e) { e.preventDefault(); });
      li.addEventListener('click', function () { choose(li); });
      list.appendChild(li);
      return li;
    });
    active = -1;
    if (items.length) {
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    } else {
      close();
    }
    status.textContent = items.length ? items.length + ' forslag. Bruk piltastene for å velge.' : 'Ingen forslag.';
  }

  function fetchSuggestions() {
    var q = input.value.trim();
    if (q.length < 2) {
      close();
      return;
    }
    if (pending) pending.abort();
    pending = new AbortController();
    fetch('/api/organisasjoner/forslag?q=' + encodeURIComponent(q), { signal: pending.signal })
      .then(function (r) { return r.ok ? r.json() : { forslag: [] }; })
      .then(function (data) { if (input.value.trim() === q) show(data.forslag || []); })
      .catch(function () {});
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 120);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (list.hidden) {
        if (items.length) { list.hidden = false; input.setAttribute('aria-expanded', 'true'); }
        return;
      }
      e.preventDefault();
      var next = active + (e.key === 'ArrowDown' ? 1 : -1);
      if (next >= items.length) next = 0;
      if (next < 0) next = items.length - 1;
      highlight(next);
    } else if (e.key === 'Enter' && !list.hidden && active >= 0) {
      e.preventDefault();
      choose(items[active]);
    } else if (e.key === 'Escape' && !list.hidden) {
      e.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', function () { setTimeout(close, 100); });
})();
