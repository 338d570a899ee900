// A filter <select data-autosubmit> submits its form when changed. Kept in a file, not an onchange="" attribute:
// the Content-Security-Policy allows no inline script (Hosting/SecurityHeaders.cs).
document.addEventListener('change', function (e) {
    if (e.target instanceof HTMLSelectElement && e.target.hasAttribute('data-autosubmit') && e.target.form) e.target.form.submit();
});
