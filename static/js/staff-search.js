/*
 * vitrine staff search: results as the agent types.
 *
 * The search is a plain GET form (/staff?q=) and works without this script.
 * When it runs, typing fetches the results list alone from the form's
 * data-fragment URL (an HTML fragment rendered by the same template as the
 * full page), after a short pause, and swaps it in. The count is written to
 * the page's status line, an aria-live region that exists from the start,
 * so screen readers announce it. The address bar follows the query, so
 * reloading or sharing the page gives the same results.
 *
 * Anything unexpected (signed out, offline, an error) falls back to the
 * plain form: nothing here may leave the agent with a stale list.
 */
(function () {
  'use strict';

  var form = document.querySelector('form[data-staff-search]');
  if (!form || !window.fetch || !window.AbortController) {
    return;
  }
  var input = form.querySelector('input[name="q"]');
  var results = document.getElementById('search-results');
  var status = document.getElementById('search-status');
  var fragment = form.getAttribute('data-fragment');
  if (!input || !results || !status || !fragment) {
    return;
  }

  var DELAY = 250; // ms after the last key stroke
  var timer = 0;
  var inflight = null;
  var last = input.value.trim();

  function show(html, q) {
    var holder = document.createElement('div');
    holder.innerHTML = html; // same-origin HTML built by our templates, escaped there
    var list = holder.querySelector('[data-status]');
    if (!list) {
      return false;
    }
    results.replaceChildren(list);
    status.textContent = list.getAttribute('data-status') || '';
    var url = new URL(window.location.href);
    if (q) {
      url.searchParams.set('q', q);
    } else {
      url.searchParams.delete('q');
    }
    window.history.replaceState(null, '', url.pathname + url.search);
    return true;
  }

  function search() {
    var q = input.value.trim();
    if (q === last) {
      return;
    }
    last = q;
    if (inflight) {
      inflight.abort();
    }
    inflight = new AbortController();
    var url = fragment + '?q=' + encodeURIComponent(q);
    fetch(url, {
      credentials: 'same-origin',
      headers: { 'Accept': 'text/html' },
      redirect: 'manual',
      signal: inflight.signal
    }).then(function (r) {
      if (!r.ok) {
        throw new Error('status ' + r.status);
      }
      return r.text();
    }).then(function (html) {
      if (!show(html, q)) {
        form.submit();
      }
    }).catch(function (err) {
      if (err && err.name === 'AbortError') {
        return;
      }
      form.submit(); // let the server answer the plain form (and sign in again if needed)
    });
  }

  input.addEventListener('input', function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, DELAY);
  });
  form.addEventListener('submit', function () {
    window.clearTimeout(timer);
    if (inflight) {
      inflight.abort();
    }
  });
})();
