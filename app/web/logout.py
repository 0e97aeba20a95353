"""Signing out only by POST with a CSRF token, so no cross-site link or image can sign a user out."""
from flask import redirect, request
from flask_appbuilder import expose
from flask_babel import lazy_gettext as _l
from flask_login import current_user


class LogoutByPost:
    """Mixin for FAB's auth views (``class QiAuthDBView(LogoutByPost, AuthDBView)``).

    ``POST /logout/`` signs out (``CSRFProtect`` checks the token first); ``GET /logout/``, from an old
    bookmark or link, changes nothing and shows a page with the sign-out button.
    """

    @expose("/logout/", methods=["GET", "POST"])
    def logout(self):
        if request.method == "POST":
            return super().logout()
        if not current_user.is_authenticated:
            return redirect(self.appbuilder.get_url_for_index)
        return self.render_template("qi/logout.html", title=_l("Sign out"))
