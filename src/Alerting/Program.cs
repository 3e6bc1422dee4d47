return await Supervision.Alerting.AlertingApp.RunAsync(args);
