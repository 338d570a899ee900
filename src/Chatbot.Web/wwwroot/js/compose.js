// Compose page: live character counts per platform (the server's rule: NFC, trimmed, UTF-16 length, as C#'s
// string.Length), the once/recurring switch, and the Facebook/Zalo previews. The server checks everything again.
(function () {
  const form = document.getElementById('compose');
  if (!form) return;
  const text = form.querySelector('#Text');
  const limits = JSON.parse(text.dataset.limits);
  const link = form.querySelector('#Link');
  const image = form.querySelector('#Image');
  const length = () => text.value.normalize('NFC').trim().length;

  function counts() {
    const n = length();
    for (const [platform, limit] of Object.entries(limits)) {
      const el = document.querySelector(`[data-count="${platform}"]`);
      el.querySelector('b').textContent = n.toLocaleString('vi-VN');
      el.classList.toggle('over', n > limit);
    }
    document.querySelectorAll('[data-preview="text"]').forEach(p => {
      const limit = p.dataset.limit ? Number(p.dataset.limit) : Infinity;
      const value = text.value.trim();
      p.textContent = value.length > limit ? value.slice(0, limit) + '…' : value;
    });
  }
  function linkPreview() {
    document.querySelectorAll('[data-preview="link"]').forEach(a => {
      a.textContent = link.value; a.href = link.value; a.hidden = link.value.trim() === '';
    });
  }
  function modes() {
    const mode = form.querySelector('input[name="Mode"]:checked')?.value ?? 'once';
    form.querySelectorAll('[data-mode]').forEach(d => { d.hidden = d.dataset.mode !== mode; });
  }
  function pageNames() {
    const ward = form.querySelector('input[name="Wards"]:checked');
    const name = ward?.dataset.page ?? (ward ? 'Mọi phường' : 'Trang của phường');
    document.querySelectorAll('[data-preview="page"]').forEach(b => { b.textContent = name; });
  }
  // Repeat picker: show the fields of the chosen kind, and ask the server (same rule as saving) for the next times.
  const nextList = form.querySelector('[data-next-times]');
  const nextEmpty = form.querySelector('[data-next-empty]');
  function repeatKind() { return form.querySelector('input[name="RepeatKind"]:checked')?.value ?? 'daily'; }
  function repeatFields() {
    const kind = repeatKind();
    form.querySelectorAll('[data-repeat]').forEach(d => { d.hidden = !d.dataset.repeat.split(' ').includes(kind); });
  }
  let pending = 0;
  async function nextTimes() {
    if (!nextList) return;
    const q = new URLSearchParams({ handler: 'Occurrences', repeatKind: repeatKind() });
    for (const name of ['RepeatTime', 'RepeatDayOfMonth', 'Cron', 'Until']) {
      const el = form.querySelector('#' + name);
      if (el && el.value) q.append(name.charAt(0).toLowerCase() + name.slice(1), el.value);
    }
    form.querySelectorAll('input[name="RepeatDays"]:checked').forEach(c => q.append('repeatDays', c.value));
    const mine = ++pending;
    try {
      const response = await fetch('/admin/posts/new?' + q.toString(), { headers: { Accept: 'application/json' } });
      if (!response.ok || mine !== pending) return;
      const { lines } = await response.json();
      nextList.replaceChildren(...lines.map(l => { const li = document.createElement('li'); li.textContent = l; return li; }));
      nextEmpty.hidden = lines.length > 0;
    } catch { /* the hint is a convenience; saving checks everything */ }
  }
  form.querySelectorAll('.repeat-picker input').forEach(i => i.addEventListener('change', () => { repeatFields(); nextTimes(); }));

  text.addEventListener('input', counts);
  link.addEventListener('input', linkPreview);
  form.querySelectorAll('input[name="Mode"]').forEach(r => r.addEventListener('change', modes));
  form.querySelectorAll('input[name="Wards"]').forEach(r => r.addEventListener('change', pageNames));
  image.addEventListener('change', () => {
    const file = image.files[0];
    document.querySelectorAll('[data-preview="image"]').forEach(img => {
      if (file) { img.src = URL.createObjectURL(file); img.hidden = false; } else { img.hidden = true; }
    });
  });
  counts(); linkPreview(); modes(); pageNames(); repeatFields();
  if (form.querySelector('input[name="Mode"][value="recurring"]')?.checked) nextTimes();
})();
