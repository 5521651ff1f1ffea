// Meldebok's service worker: shows a Web Push notification and opens its link when it is clicked. Nothing else — no
// caching, no offline pages. The payload is what the server encrypted for this browser: a title, a short text, the link
// and a tag (the notification's id), so that a repeated push replaces the notification instead of showing a second.
'use strict';

self.addEventListener('push', function (event) {
    var data = {};
    try {
        data = event.data ? event.data.json() : {};
    } catch (e) {
        data = {};
    }

    event.waitUntil(self.registration.showNotification(data.title || 'Meldebok', {
        body: data.body || '',
        tag: data.tag || undefined,
        data: { url: data.url || '/' },
        lang: data.lang || 'nb'
    }));
});

self.addEventListener('notificationclick', function (event) {
    event.notification.close();
    var url = (event.notification.data && event.notification.data.url) || '/';
    event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (windows) {
        for (var i = 0; i < windows.length; i++) {
            if (windows[i].url === url && 'focus' in windows[i]) {
                return windows[i].focus();
            }
        }

        return self.clients.openWindow(url);
    }));
});
