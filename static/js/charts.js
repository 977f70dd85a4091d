/*
 * vitrine charts: starts every chart on the page.
 *
 * Markup (no inline JS; the page's CSP allows only nonce'd or same-origin
 * scripts, and JSON data blocks are not executed):
 *
 *   <div data-chart="usage-chart" class="chart" role="img" aria-label="…">
 *     <p data-chart-fallback>The figures of this chart are in the table below.</p>
 *   </div>
 *   <script type="application/json" id="usage-chart">{"series": [...]}</script>
 *
 * The page must work without this script or without ECharts: every chart has
 * a table beside it with the same facts, so nothing here may throw. The
 * fallback text stays until the chart is drawn in its place.
 *
 * The server names each chart (aria-label, in the page's language); the chart
 * must keep that name once drawn.
 */
(function () {
  'use strict';

  var instances = [];
  var shapes = []; // the axes of each chart's option, to fit them again on resize

  function warn(msg, err) {
    if (window.console && typeof window.console.warn === 'function') {
      window.console.warn('vitrine charts: ' + msg, err || '');
    }
  }

  function reducedMotion() {
    return !!(window.matchMedia &&
      window.matchMedia('(prefers-reduced-motion: reduce)').matches);
  }

  // prepare adjusts an option object for this site's rules. label is the
  // chart's accessible name from the server.
  function prepare(option, label) {
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
    // ECharts' aria module writes its own description into the container's
    // aria-label, in English whatever the page's language, and reads out
    // every series ("It consists of 10 series…"). Give it the server's
    // sentence instead, so every redraw (resize, option change) writes that
    // same name back.
    if (label) {
      option.aria = { enabled: true, label: { enabled: true, description: label } };
    } else {
      option.aria = { enabled: false };
    }
    return option;
  }

  // axesOf keeps what fit needs to know of an option's axes: whether each is
  // a category axis (it has data) or a value axis.
  function axesOf(option) {
    var out = {};
    ['xAxis', 'yAxis'].forEach(function (key) {
      var axes = option[key];
      if (!axes) {
        return;
      }
      out[key] = (Array.isArray(axes) ? axes : [axes]).map(function (ax) {
        return !!ax && (ax.type === 'category' || (ax.type === undefined && !!ax.data));
      });
    });
    return out;
  }

  // fit shapes the axes to the chart's width: on a phone the names beside
  // lying bars are cut short (with an ellipsis; the tooltip and the table
  // give them whole) instead of squeezing the bars to nothing, and a value
  // axis has fewer ticks so that its numbers do not run into each other.
  function fit(shape, width) {
    var out = {};
    Object.keys(shape).forEach(function (key) {
      out[key] = shape[key].map(function (category) {
        if (!category) {
          return { splitNumber: width < 480 ? 3 : 5 };
        }
        if (key === 'yAxis') {
          return { axisLabel: { width: Math.max(60, Math.round(width * 0.38)), overflow: 'truncate' } };
        }
        return {};
      });
    });
    return out;
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
        var label = el.getAttribute('aria-label');
        // The chart takes the place of the text that said where its figures
        // are; should drawing fail, the text comes back.
        var fallback = el.querySelectorAll('[data-chart-fallback]');
        for (var f = 0; f < fallback.length; f++) {
          fallback[f].parentNode.removeChild(fallback[f]);
        }
        try {
          var chart = echarts.init(el, null, { renderer: 'canvas' });
          var shape = axesOf(option);
          chart.setOption(prepare(option, label));
          chart.setOption(fit(shape, chart.getWidth()));
        } catch (err) {
          for (var b = 0; b < fallback.length; b++) {
            el.appendChild(fallback[b]);
          }
          throw err;
        }
        keepName(el, label);
        instances.push(chart);
        shapes.push(shape);
        el.setAttribute('data-chart-ready', 'true');
      } catch (err) {
        warn('chart "' + id + '" failed', err);
      }
    }
    if (instances.length) {
      listen();
    }
  }

  // keepName makes sure the drawn chart is still one image named by the
  // server, whatever ECharts did to the container.
  function keepName(el, label) {
    if (el.getAttribute('role') !== 'img') {
      el.setAttribute('role', 'img');
    }
    if (label && el.getAttribute('aria-label') !== label) {
      el.setAttribute('aria-label', label);
    }
  }

  function eachChart(fn) {
    for (var i = 0; i < instances.length; i++) {
      var chart = instances[i];
      try {
        if (!chart.isDisposed || !chart.isDisposed()) {
          fn(chart, shapes[i]);
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
        eachChart(function (chart, shape) {
          chart.resize();
          chart.setOption(fit(shape, chart.getWidth()));
        });
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
