// Extension page script of the harness test extension.
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('state').textContent = 'ready ' + chrome.runtime.id;
});
