/*
 * vitrine embed, parent side: include on the brand's page that holds
 *   <iframe data-vitrine-embed src="(vitrine widget URL)"></iframe>
 * Resizes that iframe to the height its content reports through postMessage.
 * A message counts only if it comes from that iframe's own window and from
 * the origin of its src.
 */
(function () {
  'use strict';
  var MAX_HEIGHT = 20000;
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || typeof data !== 'object' || data.type !== 'vitrine:resize') return;
    var height = Number(data.height);
    if (!isFinite(height) || height <= 0) return;
    var frames = document.querySelectorAll('iframe[data-vitrine-embed]');
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (!event.source || frame.contentWindow !== event.source) continue;
      var origin;
      try { origin = new URL(frame.src, document.baseURI).origin; } catch (e) { continue; }
      if (origin === 'null' || event.origin !== origin) continue;
      frame.style.height = Math.ceil(Math.min(height, MAX_HEIGHT)) + 'px';
      return;
    }
  });
})();
