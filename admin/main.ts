/**
 * The admin page's script (vite build --mode admin → /admin/assets/admin.js). The Worker serves
 * the signed-in shell with <candour-admin-app>; everything else is built from the admin API.
 */
import './admin.css';
import './candour-admin-app.js';
