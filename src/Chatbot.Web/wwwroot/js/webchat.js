// The web chat: talks to /api/webchat (same bot as Zalo and Messenger). The conversation id stays in localStorage, so an
// officer's later answer still reaches a returning visitor; what was said stays in sessionStorage, so a reload keeps the
// conversation on screen and a quiz left half done is offered again instead of being hidden behind the menu.
(function () {
  const root = document.querySelector('[data-webchat]');
  if (!root) return;
  const log = root.querySelector('.chat-log');
  const buttons = root.querySelector('.chat-buttons');
  const form = root.querySelector('form');
  const input = form.querySelector('input');
  const key = 'webchat.conversation';
  const historyKey = 'webchat.history';
  let conversationId = localStorage.getItem(key);
  const history = readHistory();

  function readHistory() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(historyKey) || 'null');
      if (saved && saved.conversationId === conversationId && Array.isArray(saved.messages)) return saved;
    } catch (e) { /* a damaged entry starts afresh */ }
    return { conversationId, messages: [], buttons: [] };
  }

  function saveHistory() {
    history.conversationId = conversationId;
    try { sessionStorage.setItem(historyKey, JSON.stringify(history)); } catch (e) { /* private mode: nothing kept */ }
  }

  // Web addresses (with or without https://) and «Điểm 7» in the bot's words become links; a point opens in the chat.
  // Not «Điểm 7/17» (the heading of the point itself) nor «(Điểm 4 trong 17 điểm…)» under a quiz answer, where a tap would
  // be read as the answer to the next question.
  const linkPattern = /(https?:\/\/[^\s«»()]+[^\s«»().,;:!?])|(?<![\p{L}\d.\/])((?:[a-z0-9-]+\.)+gov\.vn)(?![\p{L}\d])|(?<![\p{L}\d])([Đđ]iểm (1[0-7]|[1-9]))(?![\p{L}\d\/]| trong 17)/gu;

  function fill(div, text) {
    let at = 0;
    for (const m of text.matchAll(linkPattern)) {
      div.append(text.slice(at, m.index));
      const a = document.createElement('a');
      a.textContent = m[0];
      if (m[4]) {
        a.href = '#diem-' + m[4];
        a.dataset.say = 'điểm ' + m[4];
      } else {
        a.href = m[1] || 'https://' + m[2];
        a.rel = 'noopener';
        a.target = '_blank';
      }
      div.append(a);
      at = m.index + m[0].length;
    }
    div.append(text.slice(at));
  }

  function add(text, who, keep = true) {
    const div = document.createElement('div');
    div.className = 'msg ' + who;
    if (who === 'user') div.textContent = text; else fill(div, text);
    log.appendChild(div);
    if (keep) { history.messages.push({ who, text }); saveHistory(); }
    return div;
  }

  log.addEventListener('click', (e) => {
    const a = e.target.closest('a[data-say]');
    if (!a) return;
    e.preventDefault();
    send(a.dataset.say);
  });

  // A button either says something to the bot (kept across a reload) or runs a step of this page (never kept).
  function showButtons(list, keep = true) {
    const hadFocus = buttons.contains(document.activeElement);
    buttons.replaceChildren();
    for (const b of list) {
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.textContent = b.label;
      btn.addEventListener('click', () => (b.run ? b.run() : send(b.say)));
      buttons.appendChild(btn);
    }
    if (keep) { history.buttons = list; saveHistory(); }
    if (hadFocus) input.focus({ preventScroll: true });
  }

  // Each answer is read from its beginning: the first new message's top is brought into view, not the log's end.
  function reveal(first) {
    if (first) first.scrollIntoView({ block: 'start', behavior: 'auto' });
  }

  async function post(body) {
    const res = await fetch('/api/webchat', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status === 429) throw new Error('Bạn gửi hơi nhanh, vui lòng chờ một chút rồi thử lại.');
    if (res.status === 400 && body.conversationId) { localStorage.removeItem(key); conversationId = null; }
    if (!res.ok) throw new Error('Không gửi được tin nhắn. Vui lòng thử lại.');
    return res.json();
  }

  async function send(text, shown) {
    text = (text || '').trim();
    if (!text) return;
    const mine = add(shown || text, 'user');
    showButtons([]);
    try {
      if (!conversationId) await start(false);
      render(await post({ conversationId, text }), mine);
    } catch (e) { reveal(add(e.message, 'bot')); }
  }

  function remember(id) {
    conversationId = id;
    localStorage.setItem(key, conversationId);
  }

  function render(data, after) {
    remember(data.conversationId);
    let last = [];
    let first = null;
    for (const r of data.replies) {
      if (r.text) { const div = add(r.text, 'bot'); first = first || div; }
      if (r.buttons.length) last = r.buttons;
    }
    showButtons(last);
    root.setAttribute('data-ready', 'true');
    if (after !== undefined) reveal(first || after);
  }

  async function start(show) {
    const data = await post({ conversationId: null, text: null });
    if (show) render(data); else remember(data.conversationId);
  }

  // Replies of a ward officer (after «Gặp cán bộ») arrive on their own: fetched every few seconds while the page is open.
  let lastStaff = Number(localStorage.getItem(key + '.staff') || 0);
  async function staffReplies() {
    if (!conversationId) return { withPerson: false, replies: [] };
    const res = await fetch('/api/webchat/' + conversationId + '/staff?after=' + lastStaff);
    if (!res.ok) return { withPerson: false, replies: [] };
    const data = await res.json();
    let first = null;
    for (const r of data.replies) { const div = add(r.text, 'staff'); first = first || div; lastStaff = r.id; }
    localStorage.setItem(key + '.staff', String(lastStaff));
    reveal(first);
    return data;
  }
  setInterval(() => { if (!document.hidden) staffReplies().catch(() => {}); }, 4000);

  async function openQuiz() {
    const res = await fetch('/api/webchat/' + conversationId + '/quiz');
    return res.ok ? res.json() : { title: null };
  }

  // «Làm tiếp» leaves the half-done step quietly and starts the quiz again, which resumes the attempt at its question.
  function offerQuiz(quiz) {
    add('Bạn đang làm dở bài trắc nghiệm — làm tiếp?\n«' + quiz.title + '»: đã trả lời ' + quiz.answered + '/' + quiz.questions + ' câu.', 'bot', false);
    showButtons([
      { label: 'Làm tiếp', run: async () => {
        const mine = add('Làm tiếp', 'user');
        showButtons([]);
        try {
          await post({ conversationId, text: 'dừng' });
          render(await post({ conversationId, text: 'Làm bài trắc nghiệm' }), mine);
        } catch (e) { reveal(add(e.message, 'bot')); }
      } },
      { label: 'Để sau', run: () => send('dừng', 'Để sau') },
    ], false);
    root.setAttribute('data-ready', 'true');
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); const t = input.value; input.value = ''; send(t); });

  for (const m of history.messages) add(m.text, m.who, false);
  showButtons(history.buttons || [], false);

  // A returning visitor sees what an officer answered meanwhile; while an officer has the conversation, it is left with them.
  async function resume() {
    const staff = await staffReplies();
    const quiz = await openQuiz();
    if (quiz.title) { offerQuiz(quiz); return 'quiz'; } // the quiz is answered first; a point would read as an answer
    else if (staff.withPerson || history.messages.length) root.setAttribute('data-ready', 'true');
    else render(await post({ conversationId, text: 'menu' }));
  }
  // /?diem=7 (the points to review under a quiz result on /q/{code}) opens that point in the chat.
  const asked = new URLSearchParams(location.search).get('diem');
  const point = /^(1[0-7]|[1-9])$/.test(asked || '') ? asked : null;
  if (point) window.history.replaceState(null, '', location.pathname);
  (conversationId ? resume() : start(true))
    .then((open) => { if (point && open !== 'quiz') return send('điểm ' + point, 'Điểm ' + point); })
    .catch((e) => add(e.message, 'bot'));
})();
