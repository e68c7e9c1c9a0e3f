package io.kubeloop.apiserver.it;

/**
 * The kubectl scenario with a current kubectl (v1.35), whose typed clients send protobuf bodies.
 */
class Kubectl135IT extends KubectlScenario {

  @Override
  String version() {
    return "1.35";
  }
}
