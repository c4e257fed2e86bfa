"""The ground floor: helpers every app uses (page cache, audit trail, mail after commit,
slugs, pagination, form and admin helpers, middleware, template filters). It imports none
of our apps, so anything here is safe to use from any of them."""
