// The web chat: talks to /api/webchat (same bot as Zalo and Messenger), keeps the conversation id in localStorage.
(function () {
  const root = document.querySelector('[data-webchat]');
  if (!root) return;
  const log = root.querySelector('.chat-log');
  const buttons = root.querySelector('.chat-buttons');
  const form = root.querySelector('form');
  const input = form.querySelector('input');
  const key = 'webchat.conversation';
  let conversationId = localStorage.getItem(key);

  function add(text, who) {
    const div = document.createElement('div');
    div.className = 'msg ' + who;
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }

  function showButtons(list) {
    buttons.replaceChildren();
    for (const b of list) {
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.textContent = b.label;
      btn.addEventListener('click', () => send(b.say));
      buttons.appendChild(btn);
    }
  }

  async function post(body) {
    const res = await fetch('/api/webchat', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status === 429) throw new Error('Bạn gửi hơi nhanh, vui lòng chờ một chút rồi thử lại.');
    if (res.status === 400 && body.conversationId) { localStorage.removeItem(key); conversationId = null; }
    if (!res.ok) throw new Error('Không gửi được tin nhắn. Vui lòng thử lại.');
    return res.json();
  }

  async function send(text) {
    text = (text || '').trim();
    if (!text) return;
    add(text, 'user');
    showButtons([]);
    try {
      if (!conversationId) await start(false);
      const data = await post({ conversationId, text });
      render(data);
    } catch (e) { add(e.message, 'bot'); }
  }

  function render(data) {
    conversationId = data.conversationId;
    localStorage.setItem(key, conversationId);
    let last = [];
    for (const r of data.replies) { if (r.text) add(r.text, 'bot'); if (r.buttons.length) last = r.buttons; }
    showButtons(last);
    root.setAttribute('data-ready', 'true');
  }

  async function start(show) {
    const data = await post({ conversationId: null, text: null });
    if (show) render(data); else { conversationId = data.conversationId; localStorage.setItem(key, conversationId); }
  }

  // Replies of a ward officer (after «Gặp cán bộ») arrive on their own: fetched every few seconds while the page is open.
  let lastStaff = Number(localStorage.getItem(key + '.staff') || 0);
  async function staffReplies() {
    if (!conversationId) return { withPerson: false, replies: [] };
    const res = await fetch('/api/webchat/' + conversationId + '/staff?after=' + lastStaff);
    if (!res.ok) return { withPerson: false, replies: [] };
    const data = await res.json();
    for (const r of data.replies) { add(r.text, 'staff'); lastStaff = r.id; }
    localStorage.setItem(key + '.staff', String(lastStaff));
    return data;
  }
  setInterval(() => { if (!document.hidden) staffReplies().catch(() => {}); }, 4000);

  form.addEventListener('submit', (e) => { e.preventDefault(); const t = input.value; input.value = ''; send(t); });
  // A returning visitor sees what an officer answered meanwhile; while an officer has the conversation, it is left with them.
  (conversationId
    ? staffReplies().then((s) => s.withPerson ? root.setAttribute('data-ready', 'true') : post({ conversationId, text: 'menu' }).then(render))
    : start(true))
    .catch((e) => add(e.message, 'bot'));
})();
