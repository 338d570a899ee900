// A Direct Line-shaped object for Microsoft's Web Chat (what window.WebChat.createDirectLine returns: activity$,
// connectionStatus$, postActivity, end) that talks straight to the bot's POST /api/messages with
// deliveryMode "expectReplies", as the Bot Framework Emulator does: no Direct Line service between Web Chat and the
// app under test. Every activity Web Chat posts goes to the app as it is (plus conversation, channel and delivery
// mode), is echoed back to Web Chat as sent, and the bot's replies from the response are handed to Web Chat.
(function () {
  'use strict';

  // The smallest ES Observable Web Chat needs: subscribe(observer | next) → { unsubscribe }. It replays what it
  // already emitted, so a subscriber that comes late (Web Chat subscribes after it starts) misses nothing.
  function replaySubject() {
    const values = [];
    const observers = new Set();
    return {
      next(value) {
        values.push(value);
        observers.forEach(o => o.next && o.next(value));
      },
      observable: {
        subscribe(observerOrNext, error, complete) {
          const o = typeof observerOrNext === 'function' ? { next: observerOrNext, error, complete } : observerOrNext || {};
          observers.add(o);
          values.forEach(v => o.next && o.next(v));
          let closed = false;
          return {
            get closed() { return closed; },
            unsubscribe() { closed = true; observers.delete(o); }
          };
        }
      }
    };
  }

  window.createExpectRepliesDirectLine = function ({ userId, conversationId, endpoint = '/api/messages' }) {
    const activities = replaySubject();
    const status = replaySubject();
    let sequence = 0;
    const nextId = () => `${conversationId}|${String(++sequence).padStart(7, '0')}`;
    const now = () => new Date().toISOString();

    async function send(activity) {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...activity, deliveryMode: 'expectReplies' })
      });
      if (!response.ok) throw new Error(`/api/messages answered ${response.status}: ${await response.text()}`);
      const body = await response.json();
      for (const reply of (body && body.activities) || []) {
        activities.next({
          ...reply,
          id: reply.id || nextId(),
          timestamp: reply.timestamp || now(),
          from: { ...(reply.from || {}), role: 'bot' }
        });
      }
    }

    const base = () => ({
      channelId: 'webchat',
      conversation: { id: conversationId },
      recipient: { id: 'bot', role: 'bot' }
    });

    status.next(0); // Uninitialized
    status.next(1); // Connecting
    status.next(2); // Online
    // As the Direct Line service does when a conversation starts: the bot learns the citizen joined (and greets).
    send({ ...base(), type: 'conversationUpdate', id: nextId(), timestamp: now(), from: { id: userId, role: 'user' },
      membersAdded: [{ id: userId }] }).catch(e => console.error(e));

    return {
      activity$: activities.observable,
      connectionStatus$: status.observable,
      end() { status.next(5); }, // Ended
      postActivity(activity) {
        const sent = { ...activity, ...base(), id: nextId(), timestamp: now(), from: { ...(activity.from || {}), id: userId, role: 'user' } };
        return {
          subscribe(observer) {
            const o = typeof observer === 'function' ? { next: observer } : observer;
            activities.next(sent); // the echo, carrying Web Chat's clientActivityID: the message shows as sent
            o.next && o.next(sent.id);
            o.complete && o.complete();
            send(sent).catch(e => console.error(e));
            return { unsubscribe() {} };
          }
        };
      }
    };
  };
})();
