// The home page: who is logged in, with their role, and the pages their role may open.
import { currentUser, logout } from '/assets/session.js';

const me = await currentUser();
document.getElementById('who').textContent = `${me.username} (${me.role})`;
document.getElementById('greeting').textContent = `Logged in as ${me.username}`;
const details = [`Role: ${me.role}`];
if (me.agentId) {
  details.push(`agent ${me.agentId}`);
}
if (me.queues && me.queues.length > 0) {
  details.push(`queues ${me.queues.join(', ')}`);
}
document.getElementById('details').textContent = details.join(' · ');
document.getElementById('logout').addEventListener('click', logout);
document.body.dataset.ready = 'true';
