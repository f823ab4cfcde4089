using NfBond.Cli;

return NfBondCli.Run(args, Console.Out, Console.Error);
