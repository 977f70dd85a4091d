/*
 * vitrine charts: starts every chart on the page.
 *
 * Markup (no inline JS; the page's CSP allows only nonce'd or same-origin
 * scripts, and JSON data blocks are not executed):
 *
 *   <div data-chart="usage-chart" class="chart"></div>
 *   <script type="application/json" id="usage-chart">{"series": [...]}</script>
 *
 * The page must work without this script or without ECharts: every chart has
 * a table beside it with the same facts, so nothing here may throw.
 */
(function () {
  'use strict';

  var instances = [];

  function warn(msg, err) {
    if (window.console && typeof window.console.warn === 'function') {
      window.console.warn('vitrine charts: ' + msg, err || '');
    }
  }

  function reducedMotion() {
    return !!(window.matchMedia &&
      window.matchMedia('(prefers-reduced-motion: reduce)').matches);
  }

  // prepare adjusts an option object for this site's rules.
  function prepare(option) {
    if (reducedMotion()) {
      option.animation = false;
    }
    // HTML tooltips write style="" attributes into the DOM, which a strict
    // style-src CSP refuses (and reports as console errors): draw them on the
    // canvas instead.
    var tip = option.tooltip;
    if (tip) {
      var list = Array.isArray(tip) ? tip : [tip];
      for (var i = 0; i < list.length; i++) {
        if (list[i] && typeof list[i] === 'object') {
          list[i].renderMode = 'richText';
        } else {
          list[i] = { renderMode: 'richText' };
        }
      }
      option.tooltip = Array.isArray(tip) ? list : list[0];
    }
    // Screen readers get a generated description unless the page set one.
    if (option.aria === undefined) {
      option.aria = { enabled: true };
    }
    return option;
  }

  function readOption(id) {
    var node = id && document.getElementById(id);
    if (!node || node.tagName !== 'SCRIPT' ||
        (node.getAttribute('type') || '').toLowerCase() !== 'application/json') {
      return null;
    }
    var option = JSON.parse(node.textContent);
    return option && typeof option === 'object' && !Array.isArray(option) ? option : null;
  }

  function start() {
    var echarts = window.echarts;
    if (!echarts || typeof echarts.init !== 'function') {
      return;
    }
    var els = document.querySelectorAll('[data-chart]');
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var id = el.getAttribute('data-chart');
      try {
        if (typeof echarts.getInstanceByDom === 'function' && echarts.getInstanceByDom(el)) {
          continue; // already started
        }
        var option = readOption(id);
        if (!option) {
          warn('no JSON options for "' + id + '"');
          continue;
        }
        var chart = echarts.init(el, null, { renderer: 'canvas' });
        chart.setOption(prepare(option));
        instances.push(chart);
        el.setAttribute('data-chart-ready', 'true');
      } catch (err) {
        warn('chart "' + id + '" failed', err);
      }
    }
    if (instances.length) {
      listen();
    }
  }

  function eachChart(fn) {
    for (var i = 0; i < instances.length; i++) {
      var chart = instances[i];
      try {
        if (!chart.isDisposed || !chart.isDisposed()) {
          fn(chart);
        }
      } catch (err) {
        warn('update failed', err);
      }
    }
  }

  function listen() {
    var timer = 0;
    window.addEventListener('resize', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        eachChart(function (chart) { chart.resize(); });
      }, 150);
    });
    // Stop animating if the reader turns on reduced motion later.
    if (window.matchMedia) {
      var mq = window.matchMedia('(prefers-reduced-motion: reduce)');
      var onChange = function () {
        if (mq.matches) {
          eachChart(function (chart) { chart.setOption({ animation: false }); });
        }
      };
      if (typeof mq.addEventListener === 'function') {
        mq.addEventListener('change', onChange);
      } else if (typeof mq.addListener === 'function') {
        mq.addListener(onChange);
      }
    }
  }

  try {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', start);
    } else {
      start();
    }
  } catch (err) {
    warn('start failed', err);
  }
})();
