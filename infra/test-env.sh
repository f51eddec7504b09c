# Source this file to point the tests at the servers started by infra/test-services.sh.
export RW_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=rw_test;Password=rw_test;Database=postgres"
export RW_TEST_RABBITMQ="amqp://rw_app:rw_app@127.0.0.1:5672/"
export RW_TEST_RABBITMQ_PARTY="amqp://by-minfin:by-minfin-test-secret@127.0.0.1:5672/"
