/*
 * vitrine embed, widget side: tells the embedding page how tall the widget is,
 * so embed-resize.js there can size the iframe. The server writes the brand's
 * registered origin into <html data-parent-origin="(scheme://host[:port])">;
 * without a valid, exact origin nothing is sent (never to "*").
 * The widget's CSS must let <html> take its content's height (no height: 100%).
 */
(function () {
  'use strict';
  if (window.parent === window) return;
  var root = document.documentElement;
  var target = root.getAttribute('data-parent-origin');
  try {
    if (!target || new URL(target).origin !== target || target === 'null') return;
  } catch (e) {
    return;
  }
  var last = -1;
  var queued = false;
  function send() {
    queued = false;
    var height = Math.ceil(root.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'vitrine:resize', height: height }, target);
  }
  function schedule() {
    if (queued) return;
    queued = true;
    // Not requestAnimationFrame: browsers pause it in offscreen iframes.
    setTimeout(send, 50);
  }
  if (document.readyState === 'complete') schedule();
  else window.addEventListener('load', schedule);
  if (typeof window.ResizeObserver === 'function') {
    new window.ResizeObserver(schedule).observe(root);
  } else {
    window.addEventListener('resize', schedule);
  }
})();
