new JavaAdapter(java.lang.Runnable, {run: function() {}});
