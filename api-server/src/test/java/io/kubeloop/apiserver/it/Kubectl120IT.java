package io.kubeloop.apiserver.it;

/** The kubectl scenario with an old kubectl (v1.20, Debian's), which sends JSON throughout. */
class Kubectl120IT extends KubectlScenario {

  @Override
  String version() {
    return "1.20";
  }
}
