org.mozilla.javascript.Context.getCurrentContext().setClassShutter(null);
