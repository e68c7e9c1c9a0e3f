package io.kubeloop.apiserver.storage;

class MemoryStorageTest extends StorageContractTest {

  @Override
  protected Storage open(StorageOptions options) {
    return MemoryStorage.create(options);
  }

  @Override
  protected int expireDue(Storage store) {
    return ((MemoryStorage) store).expireDue();
  }
}
